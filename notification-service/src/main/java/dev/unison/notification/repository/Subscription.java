package dev.unison.notification.repository;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Where one department's alerts go: a signed webhook, the department's Kafka topic, or an Alertmanager. The secret
 * is write-only: responses only say whether one is set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Subscription(UUID id, String department, String type, String name, String url, String topic,
                           @JsonIgnore String secret, boolean enabled, OffsetDateTime createdAt,
                           OffsetDateTime updatedAt) {
    public static final String WEBHOOK = "webhook";
    public static final String KAFKA = "kafka";
    public static final String ALERTMANAGER = "alertmanager";

    @JsonProperty("secretSet")
    public boolean secretSet() {
        return secret != null && !secret.isEmpty();
    }
}
