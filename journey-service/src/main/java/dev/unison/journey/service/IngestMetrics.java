package dev.unison.journey.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Counters of what happened to incoming touches: unison_events_{accepted,stored,duplicate,rejected}_total. */
@ApplicationScoped
public class IngestMetrics {
    private final Counter accepted;
    private final Counter stored;
    private final Counter duplicate;
    private final Counter rejectedRest;
    private final Counter rejectedKafka;

    public IngestMetrics(MeterRegistry registry) {
        accepted = Counter.builder("unison.events.accepted").description("Touches accepted by POST /touches")
                .register(registry);
        stored = Counter.builder("unison.events.stored").description("Touches stored in the journey")
                .register(registry);
        duplicate = Counter.builder("unison.events.duplicate")
                .description("Touches whose (source, id) was already stored").register(registry);
        rejectedRest = Counter.builder("unison.events.rejected").tag("via", "rest")
                .description("Touches refused with a problem response or sent to the dead-letter topic")
                .register(registry);
        rejectedKafka = Counter.builder("unison.events.rejected").tag("via", "kafka")
                .description("Touches refused with a problem response or sent to the dead-letter topic")
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
