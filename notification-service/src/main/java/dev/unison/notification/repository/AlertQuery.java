package dev.unison.notification.repository;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Filters of GET /alerts; null means "any". Times bound detectedAt: from inclusive, to exclusive. */
public record AlertQuery(String department, String rule, String status, String severity, String customerId,
                         UUID groupId, OffsetDateTime from, OffsetDateTime to, int limit, int offset) {
}
