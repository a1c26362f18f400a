package dev.unison.journey.health;

import dev.unison.contracts.kafka.BatchConsumerLoop;
import dev.unison.journey.messaging.TouchConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while every touch consumer runs and its last batch was stored. */
@Readiness
@ApplicationScoped
public class TouchConsumerHealthCheck implements HealthCheck {
    private final TouchConsumer consumer;

    public TouchConsumerHealthCheck(TouchConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        List<BatchConsumerLoop> loops = consumer.loops();
        boolean up = !loops.isEmpty() && loops.stream().allMatch(BatchConsumerLoop::healthy);
        var builder = HealthCheckResponse.named("touch consumer").status(up);
        loops.stream().map(BatchConsumerLoop::lastError).filter(java.util.Objects::nonNull).findFirst()
                .ifPresent(error -> builder.withData("lastError", error));
        return builder.build();
    }
}
