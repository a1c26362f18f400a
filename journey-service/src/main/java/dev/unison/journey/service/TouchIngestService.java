package dev.unison.journey.service;

import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.EventValidator;
import dev.unison.contracts.Topics;
import dev.unison.contracts.Touch;
import dev.unison.journey.config.JourneyConfig;
import dev.unison.runtime.ingest.EventCounters;
import dev.unison.runtime.ingest.EventDoor;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * The one way touches come in over REST: POST /touches validates and publishes to cx.touches.v1, keyed by customer
 * id, where they are consumed like any other producer's events (the runtime's {@link EventDoor}).
 */
@ApplicationScoped
public class TouchIngestService {
    private final EventDoor door;

    public TouchIngestService(JourneyConfig config, EventCounters counters,
                              @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        EventValidator validator = EventValidator.forTouches(config.maxFutureSkew());
        this.door = new EventDoor(bootstrapServers, "journey-service-rest", counters, config.maxBodyBytes(),
                validator::validate, event -> CloudEventCodec.toKafka(Topics.TOUCHES, event));
    }

    /** Takes a request body of one touch or a batch, all or none; see {@link EventDoor#submit}. */
    public List<Touch> submit(byte[] body, String contentType) {
        return door.submit(body, contentType).stream().map(EventJson::toTouch).toList();
    }

    @PreDestroy
    void close() {
        door.close();
    }
}
