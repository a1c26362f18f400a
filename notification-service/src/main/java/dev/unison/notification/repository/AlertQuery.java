package dev.unison.notification.repository;

import java.time.OffsetDateTime;

/** Filters of GET /alerts; null means "any". Times bound detectedAt: from inclusive, to exclusive. */
public record AlertQuery(String department, String rule, String status, String severity, String customerId,
                         OffsetDateTime from, OffsetDateTime to, int limit, int offset) {
}
