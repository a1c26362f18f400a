package dev.unison.consistency.health;

import dev.unison.consistency.config.ConsistencyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.time.Instant;

/**
 * Ready only while the detectors run: RUNNING is up; REBALANCING is up for {@code consistency.rebalance-grace} (a
 * rebalance is routine and short), down after; CREATED, PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR and ERROR are
 * down. The state and since when are in the check's data.
 */
@Readiness
@ApplicationScoped
public class StreamsReadinessCheck implements HealthCheck {
    static final String NAME = "Kafka Streams detectors running";

    private final StreamsState streams;
    private final Duration grace;

    public StreamsReadinessCheck(StreamsState streams, ConsistencyConfig config) {
        this.streams = streams;
        this.grace = config.rebalanceGrace();
    }

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = streams.state();
        Instant since = streams.since();
        boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
                && Instant.now().isBefore(since.plus(grace));
        return HealthCheckResponse.named(NAME).status(up)
                .withData("state", state.name()).withData("since", since.toString()).build();
    }
}
