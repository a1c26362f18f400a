package dev.unison.notification.repository;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** One alert to one subscription, for one reason (the alert itself, or its escalation), with its attempt log. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Delivery(UUID id, String alertId, UUID subscriptionId, String reason, String department, String type,
                       String target, String status, int attempts, OffsetDateTime nextAttemptAt, String lastError,
                       OffsetDateTime createdAt, OffsetDateTime completedAt, List<Attempt> log) {
    public static final String PENDING = "pending";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String REASON_ALERT = "alert";
    public static final String REASON_ESCALATION = "escalation";

    /** One try at sending. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attempt(int attempt, OffsetDateTime startedAt, OffsetDateTime finishedAt, String outcome,
                          Integer httpStatus, String error) {
    }
}
