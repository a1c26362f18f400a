package dev.unison.notification.repository;

/**
 * Filters of GET /alert-groups; null means "any". {@code visible}: only groups with an alert naming one of these
 * departments, counted over those alerts only (a department member's view); null for all.
 */
public record GroupQuery(String department, String rule, String status, String customerId, int limit, int offset,
                         String[] visible) {
}
