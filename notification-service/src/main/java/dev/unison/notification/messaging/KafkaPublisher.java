package dev.unison.notification.messaging;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one producer of this service (idempotent, acks=all): dead letters of cx.alerts.v1 and the per-department
 * topics. {@link #sendAll} returns only once the broker acknowledged every record.
 */
@ApplicationScoped
public class KafkaPublisher {
    private final KafkaProducer<byte[], byte[]> producer;

    public KafkaPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.CLIENT_ID_CONFIG, "notification-service"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** @throws IllegalStateException when the broker did not acknowledge every record in time */
    public void sendAll(List<ProducerRecord<byte[], byte[]>> records) {
        if (records.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        records.forEach(r -> sent.add(producer.send(r)));
        try {
            for (Future<RecordMetadata> f : sent) {
                f.get(40, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge " + records.get(0).topic() + ": "
                    + (e.getCause() == null ? e : e.getCause()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + records.get(0).topic(), e);
        }
    }

    void close(@Observes ShutdownEvent event) {
        Log.debug("Closing the Kafka producer");
        producer.close(Duration.ofSeconds(5));
    }
}
