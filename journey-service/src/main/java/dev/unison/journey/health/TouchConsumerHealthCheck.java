package dev.unison.journey.health;

import dev.unison.contracts.kafka.BatchConsumerLoop;
import dev.unison.journey.messaging.TouchConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the touch consumer runs and its last batch was stored. */
@Readiness
@ApplicationScoped
public class TouchConsumerHealthCheck implements HealthCheck {
    private final TouchConsumer consumer;

    public TouchConsumerHealthCheck(TouchConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        BatchConsumerLoop loop = consumer.loop();
        boolean up = loop != null && loop.healthy();
        var builder = HealthCheckResponse.named("touch consumer").status(up);
        if (loop != null && loop.lastError() != null) {
            builder.withData("lastError", loop.lastError());
        }
        return builder.build();
    }
}
