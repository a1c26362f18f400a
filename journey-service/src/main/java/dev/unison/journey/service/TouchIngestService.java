package dev.unison.journey.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.EventValidator;
import dev.unison.contracts.InvalidEventException;
import dev.unison.contracts.Submissions;
import dev.unison.contracts.Touch;
import dev.unison.journey.config.JourneyConfig;
import dev.unison.journey.messaging.TouchPublisher;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * The one way touches come in: POST /touches validates and publishes to cx.touches.v1, where they are consumed like
 * any other producer's events.
 */
@ApplicationScoped
public class TouchIngestService {
    private final EventValidator validator;
    private final TouchPublisher publisher;
    private final IngestMetrics metrics;

    public TouchIngestService(JourneyConfig config, TouchPublisher publisher, IngestMetrics metrics) {
        this.validator = EventValidator.forTouches(config.maxFutureSkew());
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /**
     * Validates one event or a batch (a JSON array) and publishes them all, or none when any is invalid.
     *
     * @return the accepted events
     * @throws InvalidEventException naming every problem, with pointers into the submitted document
     */
    public List<Touch> accept(JsonNode body, boolean batch) {
        List<JsonNode> events;
        try {
            events = Submissions.events(body, batch, validator::validate);
        } catch (InvalidEventException e) {
            throw rejected(Submissions.size(body), e);
        }
        publisher.publish(events);
        metrics.accepted(events.size());
        return events.stream().map(EventJson::toTouch).toList();
    }

    /** Parses a request body, counting an unreadable one as rejected. */
    public JsonNode parse(byte[] body) {
        try {
            return CloudEventCodec.parse(body);
        } catch (InvalidEventException e) {
            throw rejected(1, e);
        }
    }

    /** Counts a request refused before it was read. */
    public void countRejected() {
        metrics.rejectedRest(1);
    }

    private InvalidEventException rejected(int events, InvalidEventException e) {
        metrics.rejectedRest(events);
        return e;
    }
}
