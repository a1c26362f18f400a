package dev.unison.feedback.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.OffsetDateTime;

/**
 * An inconsistency alert of cx.alerts.v1 as the impact analytics need it: which rule fired for which customer, and
 * when; once per alert id. Flyway owns the table ({@code db/migration}).
 */
@Entity
@Table(name = "alerts")
public class ReceivedAlert {
    @Id
    @Column(name = "alert_id")
    public String alertId;
    public String rule;
    public String severity;
    @Column(name = "customer_id")
    public String customerId;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] departments;
    @Column(name = "detected_at")
    public OffsetDateTime detectedAt;
    @Column(name = "received_at", insertable = false, updatable = false)
    public OffsetDateTime receivedAt;
}
