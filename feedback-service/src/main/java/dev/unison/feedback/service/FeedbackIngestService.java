package dev.unison.feedback.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.InvalidEventException;
import dev.unison.contracts.Submissions;
import dev.unison.feedback.messaging.FeedbackPublisher;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * The one way feedback comes in over REST: POST /feedback validates and publishes to cx.feedback.v1, where it is
 * consumed like any survey tool's events.
 */
@ApplicationScoped
public class FeedbackIngestService {
    private final FeedbackValidator validator;
    private final FeedbackPublisher publisher;
    private final IngestMetrics metrics;

    public FeedbackIngestService(FeedbackValidator validator, FeedbackPublisher publisher, IngestMetrics metrics) {
        this.validator = validator;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /**
     * Validates one event or a batch (a JSON array) and publishes them all, or none when any is invalid.
     *
     * @return the ids of the accepted events, in order
     * @throws InvalidEventException naming every problem, with pointers into the submitted document
     */
    public List<String> accept(JsonNode body, boolean batch) {
        List<JsonNode> events;
        try {
            events = Submissions.events(body, batch, validator::validate);
        } catch (InvalidEventException e) {
            throw rejected(Submissions.size(body), e);
        }
        publisher.publish(events);
        metrics.accepted(events.size());
        return events.stream().map(e -> e.path("id").asText()).toList();
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
