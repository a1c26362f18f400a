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
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores a batch of records from cx.touches.v1: valid touches in one database transaction (repeats of a
 * (source, id) are ignored), invalid records to cx.touches.dlq with the reason in headers.
 */
@ApplicationScoped
public class TouchStore {
    private final EventValidator validator;
    private final TouchRepository repository;
    private final IngestMetrics metrics;
    private final ReliableProducer<byte[]> deadLetters;

    public TouchStore(JourneyConfig config, TouchRepository repository, IngestMetrics metrics,
                      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.validator = EventValidator.forTouches(config.maxFutureSkew());
        this.repository = repository;
        this.metrics = metrics;
        this.deadLetters = new ReliableProducer<>(bootstrapServers, "journey-service-dlq", new ByteArraySerializer());
    }

    /** Handles one polled batch; throws (and the batch is retried) when the database or the DLQ fails. */
    public void handle(List<ConsumerRecord<byte[], byte[]>> batch) throws SQLException {
        List<Touch> valid = new ArrayList<>(batch.size());
        List<ProducerRecord<byte[], byte[]>> rejected = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            try {
                JsonNode event = CloudEventCodec.fromKafka(record.headers(), record.value());
                validator.require(event);
                valid.add(EventJson.toTouch(event));
            } catch (InvalidEventException e) {
                rejected.add(DeadLetters.of(record, Topics.TOUCHES_DLQ, e.violations()));
            } catch (IllegalArgumentException e) {
                rejected.add(DeadLetters.of(record, Topics.TOUCHES_DLQ, List.of(new Violation("", e.getMessage()))));
            }
        }
        int stored = valid.isEmpty() ? 0 : store(valid);
        sendDeadLetters(rejected);
        metrics.stored(stored);
        metrics.duplicates(valid.size() - stored);
        metrics.rejectedKafka(rejected.size());
        Log.debugf("Stored %d touches (%d repeats), %d to the DLQ", stored, valid.size() - stored, rejected.size());
    }

    /**
     * Stores the touches and returns how many were new. A batch is copied into the table as it is; when any touch of
     * it repeats a stored one or another of the batch, that copy is rolled back and the batch merged instead, which
     * stores each (source, id) once.
     */
    private int store(List<Touch> touches) throws SQLException {
        byte[] rows = TouchRepository.rows(touches);
        try {
            return copy(rows);
        } catch (SQLException e) {
            if (!TouchRepository.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            return merge(rows);
        }
    }

    @Transactional(rollbackOn = Exception.class)
    int copy(byte[] rows) throws SQLException {
        return Math.toIntExact(repository.copy(rows));
    }

    @Transactional(rollbackOn = Exception.class)
    int merge(byte[] rows) throws SQLException {
        return repository.merge(rows);
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
