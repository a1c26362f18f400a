package dev.unison.feedback.repository;

import java.time.OffsetDateTime;
import java.util.List;

/** What the impact analytics keep of an alert: which rule fired for which customer, and when. */
public record AlertRow(String alertId, String rule, String severity, String customerId, List<String> departments,
                       OffsetDateTime detectedAt) {
}
