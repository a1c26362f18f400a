package dev.unison.notification.entity;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Where one department's alerts go: a signed webhook, the department's Kafka topic, or an Alertmanager; with the
 * grouping timers of its notifications (ISO 8601 durations, null for the service's defaults). The secret is
 * write-only: answers only say whether one is set.
 */
@Entity
@Table(name = "subscriptions")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Subscription {
    public static final String WEBHOOK = "webhook";
    public static final String KAFKA = "kafka";
    public static final String ALERTMANAGER = "alertmanager";

    @Id
    public UUID id;
    public String department;
    public String type;
    public String name;
    public String url;
    public String topic;
    @JsonIgnore
    public String secret;
    public boolean enabled;
    @Column(name = "group_wait")
    public String groupWait;
    @Column(name = "group_interval")
    public String groupInterval;
    @Column(name = "repeat_interval")
    public String repeatInterval;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @JsonProperty("secretSet")
    public boolean secretSet() {
        return secret != null && !secret.isEmpty();
    }
}
