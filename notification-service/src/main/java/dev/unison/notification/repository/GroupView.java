package dev.unison.notification.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A group as answered by the API: its labels, status and counts of its members (by status), of the customers and
 * the departments they name.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GroupView(UUID id, String key, JsonNode labels, String severity, String status, long alerts, long open,
                        long acknowledged, long resolved, long customers, List<String> departments,
                        List<String> rules, OffsetDateTime firstAlertAt, OffsetDateTime lastAlertAt,
                        OffsetDateTime resolvedAt) {
}
