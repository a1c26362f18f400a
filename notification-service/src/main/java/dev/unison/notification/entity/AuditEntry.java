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
 * One change of a subscription, a silence, an alert's state, a rule, a fact, or a customer's erasure: who made it (from the caller's token), when, and the
 * entity before and after as JSON (null before a creation and after a deletion). Secrets never appear.
 */
@Entity
@Table(name = "audit_log")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuditEntry {
    public static final String SUBSCRIPTION = "subscription";
    public static final String SILENCE = "silence";
    public static final String ALERT = "alert";
    /** A rule's settings (consistency-service's PUT /rules), read from cx.rules.v1. */
    public static final String RULE = "rule";
    /** A canonical answer (consistency-service's PUT and DELETE /facts), read from cx.facts.v1. */
    public static final String FACT = "fact";
    /** A customer erased (journey-service's DELETE /customers/{id}), read from cx.erasures.v1. */
    public static final String CUSTOMER = "customer";

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
