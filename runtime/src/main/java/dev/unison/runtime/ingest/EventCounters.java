package dev.unison.runtime.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What happened to the events a service takes in (journey's touches, feedback's events):
 * {@code unison_events_{accepted,stored,duplicate}_total} and {@code unison_events_rejected_total{via="rest"|"kafka"}}.
 * A bean only where something injects it.
 */
@ApplicationScoped
public class EventCounters {
    private final Counter accepted;
    private final Counter stored;
    private final Counter duplicate;
    private final Counter rejectedRest;
    private final Counter rejectedKafka;

    public EventCounters(MeterRegistry registry) {
        accepted = Counter.builder("unison.events.accepted").description("Events accepted by the REST door")
                .register(registry);
        stored = Counter.builder("unison.events.stored").description("Events stored").register(registry);
        duplicate = Counter.builder("unison.events.duplicate")
                .description("Events whose (source, id) was already stored").register(registry);
        rejectedRest = Counter.builder("unison.events.rejected").tag("via", "rest")
                .description("Events refused with a problem response or sent to the dead-letter topic")
                .register(registry);
        rejectedKafka = Counter.builder("unison.events.rejected").tag("via", "kafka")
                .description("Events refused with a problem response or sent to the dead-letter topic")
                .register(registry);
    }

    public void accepted(int n) {
        accepted.increment(n);
    }

    public void stored(int n) {
        stored.increment(n);
    }

    public void duplicates(int n) {
        duplicate.increment(n);
    }

    public void rejectedRest(int n) {
        rejectedRest.increment(n);
    }

    public void rejectedKafka(int n) {
        rejectedKafka.increment(n);
    }
}
