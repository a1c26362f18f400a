package dev.unison.journey.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.DeadLetters;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.EventValidator;
import dev.unison.contracts.InvalidEventException;
import dev.unison.contracts.Touch;
import dev.unison.contracts.Topics;
import dev.unison.contracts.Violation;
import dev.unison.contracts.kafka.ReliableProducer;
import dev.unison.journey.config.JourneyConfig;
import dev.unison.journey.repository.TouchRepository;
import dev.unison.runtime.ingest.EventCounters;
import dev.unison.contracts.kafka.BatchConsumerLoop;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

/**
 * Stores a batch of records from cx.touches.v1: valid touches in one database transaction (repeats of a
 * (source, id) are ignored), invalid records to cx.touches.dlq with the reason in headers.
 */
@ApplicationScoped
public class TouchStore {
    private final EventValidator validator;
    private final TouchRepository repository;
    private final EventCounters metrics;
    private final ReliableProducer<byte[]> deadLetters;
    private final MeterRegistry registry;

    public TouchStore(JourneyConfig config, TouchRepository repository, EventCounters metrics,
                      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                      MeterRegistry registry) {
        this.registry = registry;
        this.validator = EventValidator.forTouches(config.maxFutureSkew());
        this.repository = repository;
        this.metrics = metrics;
        this.deadLetters = new ReliableProducer<>(bootstrapServers, "journey-service-dlq", new ByteArraySerializer());
    }

    /**
     * Handles one polled batch; throws (and the batch is retried) when the database or the DLQ fails. The batch is
     * copied into the table as it is read; when any touch of it repeats a stored one or another of the batch, that
     * copy is rolled back and the batch merged instead, which stores each (source, id) once.
     */
    public void handle(List<ConsumerRecord<byte[], byte[]>> batch) {
        Batch read = new Batch(batch.size());
        int stored;
        try {
            stored = copy(batch, read);
        } catch (TouchRepository.RepeatedTouchException e) {
            stored = merge(TouchRepository.rows(read.valid));
        }
        sendDeadLetters(read.rejected);
        metrics.stored(stored);
        metrics.duplicates(read.valid.size() - stored);
        metrics.rejectedKafka(read.rejected.size());
        read.reasons.forEach((reason, n) -> BatchConsumerLoop.countDeadLettered(registry, Topics.TOUCHES, reason, n));
        Log.debugf("Stored %d touches (%d repeats), %d to the DLQ", stored, read.valid.size() - stored,
                read.rejected.size());
    }

    /** The records of a batch as read: valid touches, and the dead-letter copies of the others. */
    static final class Batch {
        final List<Touch> valid;
        final List<ProducerRecord<byte[], byte[]>> rejected = new ArrayList<>();
        final Map<String, Integer> reasons = new HashMap<>();

        Batch(int size) {
            valid = new ArrayList<>(size);
        }
    }

    /** Reads the batch into {@code read} and copies its valid touches into the table as they are read. */
    @Transactional
    int copy(List<ConsumerRecord<byte[], byte[]>> batch, Batch read) {
        try (TouchRepository.Copy copy = repository.copy()) {
            for (ConsumerRecord<byte[], byte[]> record : batch) {
                Touch touch = read(record, read);
                if (touch != null) {
                    read.valid.add(touch);
                    copy.add(touch);
                }
            }
            return Math.toIntExact(copy.finish());
        }
    }

    @Transactional
    int merge(byte[] rows) {
        return repository.merge(rows);
    }

    /** The touch of a valid record; null for an invalid one, whose dead-letter copy is added to {@code rejected}. */
    private Touch read(ConsumerRecord<byte[], byte[]> record, Batch read) {
        List<Violation> violations;
        try {
            JsonNode event = CloudEventCodec.fromKafka(record.headers(), record.value());
            validator.require(event);
            return EventJson.toTouch(event);
        } catch (InvalidEventException e) {
            violations = e.violations();
        } catch (IllegalArgumentException e) {
            violations = List.of(new Violation("", e.getMessage()));
        }
        read.rejected.add(DeadLetters.of(record, Topics.TOUCHES_DLQ, violations));
        read.reasons.merge(DeadLetters.category(violations), 1, Integer::sum);
        return null;
    }

    private void sendDeadLetters(List<ProducerRecord<byte[], byte[]>> records) {
        if (records.isEmpty()) {
            return;
        }
        deadLetters.sendAll(records);
        Log.infof("Sent %d invalid touches to %s", records.size(), Topics.TOUCHES_DLQ);
    }

    @PreDestroy
    void close() {
        deadLetters.close();
    }
}
