package dev.unison.contracts;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A request body of one CloudEvent or of a batch (a JSON array sent as {@code application/cloudevents-batch+json}),
 * taken whole or not at all: either every event, or an {@link InvalidEventException} naming every problem by its
 * pointer into the body ({@code /3/data/channel} for the fourth event of a batch).
 */
public final class Submissions {
    private Submissions() {
    }

    public static List<JsonNode> events(JsonNode body, boolean batch, Function<JsonNode, List<Violation>> validator) {
        if (batch && !body.isArray()) {
            throw new InvalidEventException("", "a batch must be a JSON array of CloudEvents");
        }
        if (batch && body.isEmpty()) {
            throw new InvalidEventException("", "the batch is empty");
        }
        if (!batch && body.isArray()) {
            throw new InvalidEventException("", "a JSON array is a batch: send it as "
                    + CloudEventCodec.BATCH_CONTENT_TYPE);
        }
        List<JsonNode> events = new ArrayList<>();
        body.forEach(events::add);
        if (!batch) {
            events = List.of(body);
        }
        List<Violation> problems = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            String prefix = batch ? "/" + i : "";
            validator.apply(events.get(i)).forEach(v -> problems.add(v.prefixed(prefix)));
        }
        if (!problems.isEmpty()) {
            throw new InvalidEventException(problems);
        }
        for (int i = 0; i < events.size(); i++) {
            int bytes = EventJson.bytes(events.get(i)).length;
            if (bytes > JsonLimits.MAX_EVENT_BYTES) {
                throw new PayloadTooLargeException((batch ? "event /" + i : "the event") + " is " + bytes
                        + " bytes, over the " + JsonLimits.MAX_EVENT_BYTES + " bytes one event may have");
            }
        }
        return events;
    }

    /** How many events a refused body held, for the counters of rejected events. */
    public static int size(JsonNode body) {
        return body != null && body.isArray() ? Math.max(1, body.size()) : 1;
    }
}
