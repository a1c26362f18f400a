package dev.unison.journey.messaging;

import dev.unison.contracts.Erasure;
import dev.unison.contracts.Topics;
import dev.unison.contracts.kafka.BatchConsumerLoop;
import dev.unison.contracts.kafka.ReliableProducer;
import dev.unison.contracts.kafka.TopicAdmin;
import dev.unison.journey.config.JourneyConfig;
import dev.unison.journey.repository.TouchRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * Customer erasure: {@code DELETE /customers/{id}} publishes the request to cx.erasures.v1 (returning once the broker
 * has it), and this service, like every other that keeps customers, deletes the customer's touches when it reads
 * the request, so one request erases the customer everywhere and a service that was down catches up.
 */
@ApplicationScoped
public class Erasures {
    private final JourneyConfig config;
    private final TouchRepository touches;
    private final String bootstrapServers;
    private final MeterRegistry registry;
    private ReliableProducer<String> producer;
    private BatchConsumerLoop loop;

    public Erasures(JourneyConfig config, TouchRepository touches,
                    @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, MeterRegistry registry) {
        this.config = config;
        this.touches = touches;
        this.bootstrapServers = bootstrapServers;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        int partitions = config.consumer().partitions();
        TopicAdmin.ensure(bootstrapServers, List.of(TopicAdmin.Spec.compacted(Topics.ERASURES, partitions),
                TopicAdmin.Spec.of(Topics.ERASURES_DLQ, partitions)));
        producer = new ReliableProducer<>(bootstrapServers, "journey-service-erasures", new StringSerializer());
        loop = new BatchConsumerLoop(BatchConsumerLoop.Settings.of(bootstrapServers,
                config.consumer().groupId() + "-erasures", Topics.ERASURES, 100)
                .withDeadLetterTopic(Topics.ERASURES_DLQ).withRegistry(registry), this::erase).start();
    }

    /** Publishes the request; the touches go when this (or any) instance reads it back. */
    public Erasure request(String customerId, String requestedBy) {
        Erasure erasure = Erasure.request(customerId, requestedBy);
        producer.sendAll(List.of(erasure.toRecord()));
        Log.infof("%s asked to erase customer %s (erasure %s)", requestedBy, customerId, erasure.erasureId());
        return erasure;
    }

    private void erase(List<ConsumerRecord<byte[], byte[]>> batch) throws Exception {
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            if (record.value() == null) {
                continue; // a tombstone of the compacted topic: nothing to erase
            }
            Erasure erasure = Erasure.parse(record.value());
            int deleted = touches.deleteCustomer(erasure.customerId());
            Log.infof("Erased customer %s: %d touches (erasure %s by %s)", erasure.customerId(), deleted,
                    erasure.erasureId(), erasure.requestedBy());
        }
    }

    /** The erasure consumer, for readiness; null before start-up. */
    public BatchConsumerLoop loop() {
        return loop;
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.close();
        }
        if (producer != null) {
            producer.close();
        }
    }
}
