package dev.unison.feedback.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.Topics;
import dev.unison.contracts.kafka.ReliableProducer;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * Publishes validated feedback events to cx.feedback.v1 and returns once the broker has them all. Events are keyed
 * by customer id; a release (no customer) by its release name, a company-wide acknowledgement by its bug key.
 */
@ApplicationScoped
public class FeedbackPublisher {
    private final ReliableProducer<String> producer;

    public FeedbackPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.producer = new ReliableProducer<>(bootstrapServers, "feedback-service-rest", new StringSerializer());
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
     * @throws ReliableProducer.PublishException when the broker did not take every event in time; the client may
     *                                           send them again, since a repeat of an event id is stored once
     */
    public void publish(List<JsonNode> events) {
        producer.sendAll(events.stream().map(FeedbackPublisher::record).toList());
    }

    void close(@Observes ShutdownEvent event) {
        producer.close();
    }
}
