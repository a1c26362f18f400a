package dev.unison.feedback.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.Topics;
import dev.unison.feedback.config.FeedbackConfig;
import dev.unison.runtime.ingest.EventCounters;
import dev.unison.runtime.ingest.EventDoor;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * The one way feedback comes in over REST: POST /feedback validates and publishes to cx.feedback.v1, where it is
 * consumed like any survey tool's events (the runtime's {@link EventDoor}). Events are keyed by customer id; a release
 * (no customer) by its release name, a company-wide acknowledgement by its bug key.
 */
@ApplicationScoped
public class FeedbackIngestService {
    private final EventDoor door;

    public FeedbackIngestService(FeedbackValidator validator, FeedbackConfig config, EventCounters counters,
                                 @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.door = new EventDoor(bootstrapServers, "feedback-service-rest", counters, config.maxBodyBytes(),
                validator::validate, FeedbackIngestService::record);
    }

    /**
     * Takes a request body of one event or a batch, all or none; see {@link EventDoor#submit}.
     *
     * @return the ids of the accepted events, in order
     */
    public List<String> submit(byte[] body, String contentType) {
        return door.submit(body, contentType).stream().map(e -> e.path("id").asText()).toList();
    }

    /** The record key of a feedback event: customer id, else release name, else bug key. */
    static String key(JsonNode event) {
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
    static ProducerRecord<String, byte[]> record(JsonNode event) {
        ProducerRecord<String, byte[]> structured = CloudEventCodec.toKafka(Topics.FEEDBACK, event);
        return new ProducerRecord<>(structured.topic(), null, key(event), structured.value(), structured.headers());
    }

    @PreDestroy
    void close() {
        door.close();
    }
}
