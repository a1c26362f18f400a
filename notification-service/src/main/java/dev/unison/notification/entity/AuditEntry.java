package dev.unison.notification.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One change of a subscription, a silence or an alert's state: who made it (from the caller's token), when, and the
 * entity before and after as JSON (null before a creation and after a deletion). Secrets never appear.
 */
@Entity
@Table(name = "audit_log")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuditEntry {
    public static final String SUBSCRIPTION = "subscription";
    public static final String SILENCE = "silence";
    public static final String ALERT = "alert";

    @Id
    public UUID id;
    public OffsetDateTime at;
    public String actor;
    @Column(name = "entity_type")
    public String entityType;
    @Column(name = "entity_id")
    public String entityId;
    public String action;
    @JdbcTypeCode(SqlTypes.JSON)
    @JsonRawValue
    public String before;
    @JdbcTypeCode(SqlTypes.JSON)
    @JsonRawValue
    public String after;
}
