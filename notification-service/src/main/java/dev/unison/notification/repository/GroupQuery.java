package dev.unison.notification.repository;

/** Filters of GET /alert-groups; null means "any". */
public record GroupQuery(String department, String rule, String status, String customerId, int limit, int offset) {
}
