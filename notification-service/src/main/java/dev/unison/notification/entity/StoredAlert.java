package dev.unison.notification.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One alert as received from cx.alerts.v1, with where it stands: every alert id is a row of its own. */
@Entity
@Table(name = "alerts")
public class StoredAlert {
    public static final String OPEN = "open";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String RESOLVED = "resolved";

    @Id
    public String id;
    @Column(name = "group_id")
    public UUID groupId;
    public String rule;
    public String severity;
    @Column(name = "customer_id")
    public String customerId;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] departments;
    public String fingerprint;
    public String summary;
    /** The evidence array as JSON text. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String evidence;
    /** The details object as JSON text, or null. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String details;
    @Column(name = "detected_at")
    public OffsetDateTime detectedAt;
    @Column(name = "received_at")
    public OffsetDateTime receivedAt;
    public String status;
    /** True when a silence held every department of the alert when it arrived: nothing was sent. */
    public boolean silenced;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "silenced_departments")
    public String[] silencedDepartments;
    @Column(name = "acknowledged_by")
    public String acknowledgedBy;
    @Column(name = "acknowledged_at")
    public OffsetDateTime acknowledgedAt;
    @Column(name = "resolved_by")
    public String resolvedBy;
    @Column(name = "resolved_at")
    public OffsetDateTime resolvedAt;
    @Column(name = "escalated_at")
    public OffsetDateTime escalatedAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
