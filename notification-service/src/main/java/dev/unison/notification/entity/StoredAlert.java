package dev.unison.notification.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * One alert as received from cx.alerts.v1, with where it stands: every alert id is a row of its own. The table is
 * partitioned by the month of detected_at, so the key is (id, detectedAt) and an update reads one partition; that an
 * id is stored once is kept by the table alert_ids (see V3__alerts_partitioned_by_month.sql).
 */
@Entity
@Table(name = "alerts")
@IdClass(StoredAlert.Key.class)
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
    @Id
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

    /** The key of an alert: its id and the time it was detected, which names its month's partition. */
    public static final class Key implements Serializable {
        public String id;
        public OffsetDateTime detectedAt;

        public Key() {
        }

        public Key(String id, OffsetDateTime detectedAt) {
            this.id = id;
            this.detectedAt = detectedAt;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(id, k.id) && detectedAt != null && k.detectedAt != null
                    && detectedAt.isEqual(k.detectedAt);
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, detectedAt == null ? null : detectedAt.toInstant());
        }
    }
}
