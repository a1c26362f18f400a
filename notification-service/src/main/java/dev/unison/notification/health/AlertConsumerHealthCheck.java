package dev.unison.notification.health;

import dev.unison.contracts.kafka.BatchConsumerLoop;
import dev.unison.notification.messaging.AlertConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the alert consumer runs and its last batch was stored. */
@Readiness
@ApplicationScoped
public class AlertConsumerHealthCheck implements HealthCheck {
    private final AlertConsumer consumer;

    public AlertConsumerHealthCheck(AlertConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        BatchConsumerLoop loop = consumer.loop();
        boolean up = loop != null && loop.healthy();
        var builder = HealthCheckResponse.named("alert consumer").status(up);
        if (loop != null && loop.lastError() != null) {
            builder.withData("lastError", loop.lastError());
        }
        return builder.build();
    }
}
