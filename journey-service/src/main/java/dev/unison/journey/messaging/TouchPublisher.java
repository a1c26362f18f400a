package dev.unison.journey.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.Topics;
import dev.unison.contracts.kafka.ReliableProducer;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/** Publishes validated touches to cx.touches.v1, keyed by customer id; returns once the broker has them all. */
@ApplicationScoped
public class TouchPublisher {
    private final ReliableProducer<String> producer;

    public TouchPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.producer = new ReliableProducer<>(bootstrapServers, "journey-service-rest", new StringSerializer());
    }

    /**
     * @throws ReliableProducer.PublishException when the broker did not take every event in time; the client may
     *                                           send them again, since a repeat of an event id is stored once
     */
    public void publish(List<JsonNode> events) {
        producer.sendAll(events.stream().map(e -> CloudEventCodec.toKafka(Topics.TOUCHES, e)).toList());
    }

    void close(@Observes ShutdownEvent event) {
        producer.close();
    }
}
