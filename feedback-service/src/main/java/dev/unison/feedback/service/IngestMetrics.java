package dev.unison.feedback.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counters of what happened to incoming feedback, unison_events_{accepted,stored,duplicate,rejected}_total (as in
 * journey-service), and to incoming alerts, unison_alerts_{stored,duplicate,rejected}_total.
 */
@ApplicationScoped
public class IngestMetrics {
    private final Counter accepted;
    private final Counter stored;
    private final Counter duplicate;
    private final Counter rejectedRest;
    private final Counter rejectedKafka;
    private final Counter alertsStored;
    private final Counter alertsDuplicate;
    private final Counter alertsRejected;

    public IngestMetrics(MeterRegistry registry) {
        accepted = Counter.builder("unison.events.accepted").description("Feedback events accepted by POST /feedback")
                .register(registry);
        stored = Counter.builder("unison.events.stored").description("Feedback events stored").register(registry);
        duplicate = Counter.builder("unison.events.duplicate")
                .description("Feedback events whose (source, id) was already stored").register(registry);
        rejectedRest = Counter.builder("unison.events.rejected").tag("via", "rest")
                .description("Feedback events refused with a problem response or sent to the dead-letter topic")
                .register(registry);
        rejectedKafka = Counter.builder("unison.events.rejected").tag("via", "kafka")
                .description("Feedback events refused with a problem response or sent to the dead-letter topic")
                .register(registry);
        alertsStored = Counter.builder("unison.alerts.stored").description("Alerts stored for the impact analytics")
                .register(registry);
        alertsDuplicate = Counter.builder("unison.alerts.duplicate")
                .description("Alerts whose alertId was already stored").register(registry);
        alertsRejected = Counter.builder("unison.alerts.rejected")
                .description("Alert records that could not be read (logged and skipped)").register(registry);
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

    public void alertsStored(int n) {
        alertsStored.increment(n);
    }

    public void alertsDuplicates(int n) {
        alertsDuplicate.increment(n);
    }

    public void alertsRejected(int n) {
        alertsRejected.increment(n);
    }
}
