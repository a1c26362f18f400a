package dev.unison.consistency.health;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.KafkaStreams;

import java.time.Clock;
import java.time.Instant;

/** The Kafka Streams client's state and since when it is in it (the client calls this listener on every change). */
@ApplicationScoped
public class StreamsState implements KafkaStreams.StateListener {
    private final Clock clock = Clock.systemUTC();
    private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;
    private volatile Instant since = clock.instant();

    @Override
    public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        state = newState;
        since = clock.instant();
        if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.PENDING_ERROR) {
            Log.errorf("Kafka Streams moved from %s to %s: detection stopped", oldState, newState);
        } else {
            Log.infof("Kafka Streams moved from %s to %s", oldState, newState);
        }
    }

    public KafkaStreams.State state() {
        return state;
    }

    public Instant since() {
        return since;
    }

    /** Whether the stores can answer queries: the streams run, or rebalance. */
    public boolean queryable() {
        return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
    }
}
