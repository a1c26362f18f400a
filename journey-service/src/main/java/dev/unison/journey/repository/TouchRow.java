package dev.unison.journey.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;

/** One stored touch as analysts see it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TouchRow(String id, String source, String type, String kind, OffsetDateTime time, String department,
                       String channel, String direction, String initiatedBy, String caseId, JsonNode data) {
}
