package dev.unison.feedback.health;

import dev.unison.feedback.messaging.AlertConsumer;
import dev.unison.feedback.messaging.FeedbackConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while both consumers run and their last batch was stored; down while batches keep failing. */
@Readiness
@ApplicationScoped
public class ConsumersHealthCheck implements HealthCheck {
    private final FeedbackConsumer feedback;
    private final AlertConsumer alerts;

    public ConsumersHealthCheck(FeedbackConsumer feedback, AlertConsumer alerts) {
        this.feedback = feedback;
        this.alerts = alerts;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("feedback-service consumers")
                .status(feedback.healthy() && alerts.healthy())
                .withData("cx.feedback.v1", feedback.healthy() ? "up" : "down: " + feedback.lastError())
                .withData("cx.alerts.v1", alerts.healthy() ? "up" : "down: " + alerts.lastError());
        return builder.build();
    }
}
