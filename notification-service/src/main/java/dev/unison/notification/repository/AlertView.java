package dev.unison.notification.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.EventJson;
import dev.unison.notification.entity.StoredAlert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * An alert as answered by the API: as received, in its group, and where it stands ({@code silencedDepartments} only
 * when a silence kept it from some).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertView(
        String id,
        UUID groupId,
        String rule,
        String severity,
        String customerId,
        List<String> departments,
        String fingerprint,
        String summary,
        JsonNode evidence,
        JsonNode details,
        OffsetDateTime detectedAt,
        OffsetDateTime receivedAt,
        String status,
        boolean silenced,
        List<String> silencedDepartments,
        String acknowledgedBy,
        OffsetDateTime acknowledgedAt,
        String resolvedBy,
        OffsetDateTime resolvedAt,
        OffsetDateTime escalatedAt) {

    public static AlertView of(StoredAlert a) {
        return new AlertView(a.id, a.groupId, a.rule, a.severity, a.customerId, List.of(a.departments),
                a.fingerprint, a.summary, json(a.evidence), json(a.details), a.detectedAt, a.receivedAt, a.status,
                a.silenced, a.silencedDepartments == null || a.silencedDepartments.length == 0 ? null
                        : List.of(a.silencedDepartments),
                a.acknowledgedBy, a.acknowledgedAt, a.resolvedBy, a.resolvedAt, a.escalatedAt);
    }

    static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return EventJson.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
