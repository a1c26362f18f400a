package dev.unison.notification.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;

/**
 * Counters: unison_alerts_{stored,duplicate,silenced,rejected,escalated}_total, unison_alert_groups_opened_total and
 * unison_deliveries_attempts_total{type,outcome}, unison_deliveries_final_total{type,status}. Created at start-up, so
 * the counters show (at 0) before the first alert.
 */
@Startup
@ApplicationScoped
public class NotificationMetrics {
    private final MeterRegistry registry;
    private final Counter stored;
    private final Counter groupsOpened;
    private final Counter duplicate;
    private final Counter silenced;
    private final Counter rejected;
    private final Counter escalated;

    public NotificationMetrics(MeterRegistry registry) {
        this.registry = registry;
        stored = Counter.builder("unison.alerts.stored")
                .description("Alerts stored, one per alert id received (equals the alerts consistency-service wrote)")
                .register(registry);
        groupsOpened = Counter.builder("unison.alert.groups.opened").description("Alert groups opened")
                .register(registry);
        duplicate = Counter.builder("unison.alerts.duplicate").description("Alert ids received again (ignored)")
                .register(registry);
        silenced = Counter.builder("unison.alerts.silenced").description("New alerts stored but not sent: silenced")
                .register(registry);
        rejected = Counter.builder("unison.alerts.rejected").description("Invalid alerts sent to cx.alerts.dlq")
                .register(registry);
        escalated = Counter.builder("unison.alerts.escalated").description("Alerts escalated").register(registry);
    }

    public void stored(int n) {
        stored.increment(n);
    }

    public void groupsOpened(int n) {
        groupsOpened.increment(n);
    }

    public void duplicates(int n) {
        duplicate.increment(n);
    }

    public void silenced(int n) {
        silenced.increment(n);
    }

    public void rejected(int n) {
        rejected.increment(n);
    }

    public void escalated(int n) {
        escalated.increment(n);
    }

    public void attempt(String type, boolean succeeded) {
        Counter.builder("unison.deliveries.attempts").description("Delivery attempts, by subscription type and outcome")
                .tags("type", type, "outcome", succeeded ? "succeeded" : "failed").register(registry).increment();
    }

    /**
     * How long an alert waited, from when it was stored, to be acknowledged or resolved: one sample per department it
     * names, as a histogram (unison_alerts_time_to_acknowledge_seconds / _time_to_resolve_seconds{rule,department}),
     * so the median and p90 per department come from histogram_quantile.
     */
    public void answered(String status, String rule, List<String> departments, Duration waited) {
        String name = "acknowledged".equals(status) ? "unison.alerts.time.to.acknowledge" : "unison.alerts.time.to.resolve";
        for (String department : departments) {
            Timer.builder(name).description("From an alert stored to its " + status + ", per department it names")
                    .tags("rule", rule, "department", department)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofSeconds(1))
                    .maximumExpectedValue(Duration.ofDays(30))
                    .register(registry)
                    .record(waited);
        }
    }

    public void finished(String type, String status) {
        Counter.builder("unison.deliveries.final")
                .description("Deliveries finished, by subscription type and final status (delivered, failed)")
                .tags("type", type, "status", status).register(registry).increment();
    }
}
