package dev.unison.notification.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.unison.notification.entity.Delivery;
import dev.unison.notification.entity.DeliveryAttempt;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A delivery as answered by the API: the alerts it names and every attempt. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryView(UUID id, UUID groupId, UUID subscriptionId, String reason, String department, String type,
                           String target, String status, int attempts, OffsetDateTime nextAttemptAt, String lastError,
                           OffsetDateTime createdAt, OffsetDateTime completedAt, List<String> alerts,
                           List<DeliveryAttempt> log) {

    public static DeliveryView of(Delivery d, List<String> alerts, List<DeliveryAttempt> log) {
        return new DeliveryView(d.id, d.groupId, d.subscriptionId, d.reason, d.department, d.type, d.target, d.status,
                d.attempts, Delivery.PENDING.equals(d.status) ? d.nextAttemptAt : null, d.lastError, d.createdAt,
                d.completedAt, alerts, log);
    }
}
