package dev.unison.notification.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.util.List;

/** An alert as stored: the first alert of its fingerprint, how often it recurred, and where it stands. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertView(
        String id,
        String rule,
        String severity,
        String customerId,
        List<String> departments,
        String fingerprint,
        String summary,
        JsonNode evidence,
        JsonNode details,
        OffsetDateTime detectedAt,
        OffsetDateTime firstSeenAt,
        OffsetDateTime lastSeenAt,
        int occurrences,
        String status,
        boolean silenced,
        String acknowledgedBy,
        OffsetDateTime acknowledgedAt,
        String resolvedBy,
        OffsetDateTime resolvedAt,
        OffsetDateTime escalatedAt) {

    public static final String OPEN = "open";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String RESOLVED = "resolved";
}
