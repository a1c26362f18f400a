package dev.unison.notification.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Keeps matching alerts from being sent until {@code endsAt}. Every matcher given must match; a silence without a
 * department matcher holds for every department of the alert.
 */
@Entity
@Table(name = "silences")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Silence {
    @Id
    public UUID id;
    public String department;
    public String rule;
    @Column(name = "customer_id")
    public String customerId;
    @Column(name = "ends_at")
    public OffsetDateTime endsAt;
    @Column(name = "created_by")
    public String createdBy;
    public String comment;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    /** Whether this silence holds for one department of an alert at the given time. */
    public boolean matches(String alertDepartment, String alertRule, String alertCustomer, OffsetDateTime at) {
        return endsAt.isAfter(at)
                && (department == null || department.equals(alertDepartment))
                && (rule == null || rule.equals(alertRule))
                && (customerId == null || customerId.equals(alertCustomer));
    }
}
