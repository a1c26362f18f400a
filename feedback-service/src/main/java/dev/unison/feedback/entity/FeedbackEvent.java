package dev.unison.feedback.entity;

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

/**
 * One feedback event of cx.feedback.v1 (a survey, complaint, bug report, praise, acknowledgement or release), once per
 * (source, id). The columns the analytics filter and group by are pulled out of {@code data}, which keeps the whole
 * payload. Flyway owns the table ({@code db/migration}).
 */
@Entity
@Table(name = "feedback")
@IdClass(FeedbackEvent.Key.class)
public class FeedbackEvent {
    @Id
    public String source;
    @Id
    public String id;
    public String type;
    public String kind;
    @Column(name = "customer_id")
    public String customerId;
    public String department;
    public String channel;
    @Column(name = "agent_id")
    public String agentId;
    @Column(name = "case_id")
    public String caseId;
    public String metric;
    public Integer score;
    @Column(name = "bug_key")
    public String bugKey;
    public String release;
    /** A release's fixed bug keys. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] fixes;
    @Column(name = "occurred_at")
    public OffsetDateTime occurredAt;
    @Column(name = "received_at", insertable = false, updatable = false)
    public OffsetDateTime receivedAt;
    /** The event's data object as JSON text. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String data;

    /** The primary key (source, id) of a CloudEvent. */
    public static class Key implements Serializable {
        public String source;
        public String id;

        public Key() {
        }

        public Key(String source, String id) {
            this.source = source;
            this.id = id;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(source, k.source) && Objects.equals(id, k.id);
        }

        @Override
        public int hashCode() {
            return Objects.hash(source, id);
        }
    }
}
