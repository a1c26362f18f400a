package dev.unison.contracts;

import java.time.OffsetDateTime;

/** A feedback CloudEvent ({@code cx.feedback.<kind>} or {@code cx.release.shipped}) of topic {@link Topics#FEEDBACK}. */
public record Feedback(String id, String source, String type, OffsetDateTime time, FeedbackData data) {

    public String kind() {
        return EventTypes.kind(type);
    }
}
