package dev.unison.feedback.repository;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;

/** A stored feedback event as the customer listing returns it. */
public record StoredFeedback(String id, String source, String type, OffsetDateTime time, JsonNode data) {
}
