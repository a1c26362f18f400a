package dev.unison.notification.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One row of the outbox: a notification of a group (reason alert or repeat) or an alert's escalation, to one
 * subscription. The alerts it names are in delivery_alerts. Its id is sent as X-Unison-Delivery.
 */
@Entity
@Table(name = "deliveries")
public class Delivery {
    public static final String PENDING = "pending";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";
    /** A group notification naming alerts the subscription was not told of yet. */
    public static final String REASON_ALERT = "alert";
    /** A group notification repeated after repeat_interval, naming its members still open. */
    public static final String REASON_REPEAT = "repeat";
    public static final String REASON_ESCALATION = "escalation";

    @Id
    public UUID id;
    @Column(name = "group_id")
    public UUID groupId;
    @Column(name = "subscription_id")
    public UUID subscriptionId;
    public String reason;
    public String department;
    public String type;
    public String target;
    public String status;
    public int attempts;
    @Column(name = "next_attempt_at")
    public OffsetDateTime nextAttemptAt;
    @Column(name = "lease_until")
    public OffsetDateTime leaseUntil;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "completed_at")
    public OffsetDateTime completedAt;
}
