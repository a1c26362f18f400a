package dev.unison.notification.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The alerts sharing the grouping labels (by default the fingerprint) while the group is unresolved, as an
 * Alertmanager aggregation group: notified together, acknowledged or resolved together or one by one.
 */
@Entity
@Table(name = "alert_groups")
public class AlertGroup {
    @Id
    public UUID id;
    /** The grouping labels as one text ("fingerprint=conflicting-answers:refund-window"). */
    @Column(name = "group_key")
    public String groupKey;
    /** The grouping labels as a JSON object. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String labels;
    /** The highest severity of its members. */
    public String severity;
    public String status;
    @Column(name = "first_alert_at")
    public OffsetDateTime firstAlertAt;
    @Column(name = "last_alert_at")
    public OffsetDateTime lastAlertAt;
    @Column(name = "resolved_at")
    public OffsetDateTime resolvedAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
