package dev.unison.feedback.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.Topics;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
 * Publishes validated feedback events to cx.feedback.v1 and returns once the broker has them all. Events are keyed
 * by customer id; a release (no customer) by its release name, a company-wide acknowledgement by its bug key.
 */
@ApplicationScoped
public class FeedbackPublisher {
    private final KafkaProducer<String, byte[]> producer;

    public FeedbackPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 35_000,
                ProducerConfig.CLIENT_ID_CONFIG, "feedback-service-rest"),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** The record key of a feedback event: customer id, else release name, else bug key. */
    public static String key(JsonNode event) {
        JsonNode data = event.path("data");
        for (String field : List.of("customerId", "release", "bugKey")) {
            String value = data.path(field).asText(null);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    /** The structured-mode record of one event with its key. */
    public static ProducerRecord<String, byte[]> record(JsonNode event) {
        ProducerRecord<String, byte[]> structured = CloudEventCodec.toKafka(Topics.FEEDBACK, event);
        return new ProducerRecord<>(structured.topic(), null, key(event), structured.value(), structured.headers());
    }

    /**
     * @throws PublishException when the broker did not take every event in time; the client may send them again,
     *                          since a repeat of an event id is stored once
     */
    public void publish(List<JsonNode> events) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
        for (JsonNode event : events) {
            sent.add(producer.send(record(event)));
        }
        try {
            for (Future<RecordMetadata> future : sent) {
                future.get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishException("Kafka did not acknowledge the events: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while publishing", e);
        }
    }

    void close(@Observes ShutdownEvent event) {
        producer.close(Duration.ofSeconds(5));
    }

    /** The events could not be handed to Kafka. */
    public static class PublishException extends RuntimeException {
        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
