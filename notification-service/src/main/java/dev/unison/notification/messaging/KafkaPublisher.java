package dev.unison.notification.messaging;

import dev.unison.contracts.kafka.ReliableProducer;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * The one producer of this service (idempotent, acks=all): dead letters of cx.alerts.v1 and the per-department
 * topics. {@link #sendAll} returns only once the broker acknowledged every record.
 */
@ApplicationScoped
public class KafkaPublisher {
    private final ReliableProducer<byte[]> producer;

    public KafkaPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.producer = new ReliableProducer<>(bootstrapServers, "notification-service", new ByteArraySerializer());
    }

    /** @throws ReliableProducer.PublishException when the broker did not acknowledge every record in time */
    public void sendAll(List<ProducerRecord<byte[], byte[]>> records) {
        producer.sendAll(records);
    }

    void close(@Observes ShutdownEvent event) {
        producer.close();
    }
}
