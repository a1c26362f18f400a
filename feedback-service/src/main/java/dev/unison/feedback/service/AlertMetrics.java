package dev.unison.feedback.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counters of what happened to incoming alerts, unison_alerts_{stored,duplicate,rejected}_total; those of the feedback
 * events are the runtime's {@link dev.unison.runtime.ingest.EventCounters}.
 */
@ApplicationScoped
public class AlertMetrics {
    private final Counter alertsStored;
    private final Counter alertsDuplicate;
    private final Counter alertsRejected;

    public AlertMetrics(MeterRegistry registry) {
        alertsStored = Counter.builder("unison.alerts.stored").description("Alerts stored for the impact analytics")
                .register(registry);
        alertsDuplicate = Counter.builder("unison.alerts.duplicate")
                .description("Alerts whose alertId was already stored").register(registry);
        alertsRejected = Counter.builder("unison.alerts.rejected")
                .description("Alert records that could not be read (logged and skipped)").register(registry);
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
