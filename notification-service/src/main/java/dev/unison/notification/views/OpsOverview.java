package dev.unison.notification.views;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * The ops overview: alerts over time by rule and by department, where they stand, how fast each department
 * acknowledges and resolves them, and deliveries that fail.
 *
 * @param bucket    hour or day: the width of each point of {@code byRule} and {@code byDepartment}
 * @param byRule    alerts detected per bucket and rule
 * @param byDepartment alerts detected per bucket and department (an alert counts for each department it names)
 * @param byStatus  alerts of the period by status
 * @param responses per department: seconds from receipt to acknowledgement and to resolution, median and p90
 * @param deliveries per department: deliveries of the period by outcome
 */
public record OpsOverview(OffsetDateTime from, OffsetDateTime to, String bucket, long total, List<Count> byRule,
                          List<Count> byDepartment, Map<String, Long> byStatus, List<Response> responses,
                          List<Deliveries> deliveries) {

    /** Alerts detected in the bucket starting at {@code at} with the given key (a rule or a department). */
    public record Count(OffsetDateTime at, String key, long count) {
    }

    /** Seconds to acknowledge and to resolve, over the alerts of a department that were. */
    public record Response(String department, long alerts, long acknowledged, Double ackMedianSeconds,
                           Double ackP90Seconds, long resolved, Double resolveMedianSeconds,
                           Double resolveP90Seconds) {
    }

    /**
     * Deliveries of a department: {@code failed} gave up, {@code retrying} failed at least once and will be tried
     * again, {@code pending} not tried yet, {@code succeeded} delivered.
     */
    public record Deliveries(String department, long succeeded, long failed, long retrying, long pending,
                             long cancelled) {
    }
}
