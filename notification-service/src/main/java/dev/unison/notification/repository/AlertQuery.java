package dev.unison.notification.repository;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Filters of GET /alerts; null means "any". Times bound detectedAt: from inclusive, to exclusive. {@code visible}
 * limits the answer to alerts naming one of these departments (a department member's); null for all.
 */
public record AlertQuery(String department, String rule, String status, String severity, String customerId,
                         UUID groupId, OffsetDateTime from, OffsetDateTime to, int limit, int offset,
                         String[] visible) {
}
