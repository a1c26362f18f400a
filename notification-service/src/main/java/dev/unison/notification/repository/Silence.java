package dev.unison.notification.repository;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Keeps matching alerts from being sent until {@code endsAt}. Every matcher given must match; a silence without a
 * department matcher holds for every department of the alert.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Silence(UUID id, String department, String rule, String customerId, OffsetDateTime endsAt,
                      String createdBy, String comment, OffsetDateTime createdAt) {

    /** Whether this silence holds for one department of an alert at the given time. */
    public boolean matches(String alertDepartment, String alertRule, String alertCustomer, OffsetDateTime at) {
        return endsAt.isAfter(at)
                && (department == null || department.equals(alertDepartment))
                && (rule == null || rule.equals(alertRule))
                && (customerId == null || customerId.equals(alertCustomer));
    }
}
