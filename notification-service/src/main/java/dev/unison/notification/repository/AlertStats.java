package dev.unison.notification.repository;

import java.util.Map;

/** Counts of alerts: in all, and by status, severity, department and rule (an alert counts for each department). */
public record AlertStats(long total, Map<String, Long> byStatus, Map<String, Long> bySeverity,
                         Map<String, Long> byDepartment, Map<String, Long> byRule) {
}
