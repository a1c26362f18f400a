package dev.unison.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An inconsistency alert on topic {@link Topics#ALERTS}, keyed by customer id. The alert id is derived from the
 * rule and the evidence, so a replayed or reprocessed event yields the same id.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alert(
        String alertId,
        String rule,
        String severity,
        String customerId,
        List<String> departments,
        String fingerprint,
        String summary,
        List<Evidence> evidence,
        OffsetDateTime detectedAt,
        Map<String, Object> details) {

    public static final String INFO = "info";
    public static final String WARNING = "warning";
    public static final String CRITICAL = "critical";

    /** A name-based (v3) UUID of the given parts: the same parts always give the same id. */
    public static String deterministicId(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("\u001f", parts).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
