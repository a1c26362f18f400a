package dev.unison.notification.service;

import dev.unison.notification.config.NotificationConfig;
import dev.unison.notification.repository.AlertRepository;
import dev.unison.notification.repository.AlertView;
import dev.unison.notification.repository.Delivery;
import dev.unison.notification.repository.DeliveryRepository;
import dev.unison.notification.repository.Silence;
import dev.unison.notification.repository.SilenceRepository;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Escalates alerts nobody acknowledged within their severity's limit: once per alert, a delivery of reason
 * "escalation" to every subscription of its departments and of the CX lead department.
 */
@ApplicationScoped
public class EscalationService {
    private final NotificationConfig config;
    private final DataSource dataSource;
    private final AlertRepository alerts;
    private final DeliveryRepository deliveries;
    private final SilenceRepository silences;
    private final AlertFeed feed;
    private final NotificationMetrics metrics;
    private final DeliveryWorker worker;

    public EscalationService(NotificationConfig config, DataSource dataSource, AlertRepository alerts,
                             DeliveryRepository deliveries, SilenceRepository silences, AlertFeed feed,
                             NotificationMetrics metrics, DeliveryWorker worker) {
        this.config = config;
        this.dataSource = dataSource;
        this.alerts = alerts;
        this.deliveries = deliveries;
        this.silences = silences;
        this.feed = feed;
        this.metrics = metrics;
        this.worker = worker;
    }

    @Scheduled(identity = "escalation", every = "${notification.escalation.check-interval:15s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!config.escalation().enabled()) {
            return;
        }
        try {
            List<AlertView> escalated = escalateDue();
            if (!escalated.isEmpty()) {
                worker.wakeUp();
            }
            for (AlertView alert : escalated) {
                alerts.find(alert.id()).ifPresent(a -> feed.publish(FeedEvent.ESCALATED, a));
            }
        } catch (Exception e) {
            Log.warnf("Escalation run failed: %s", e.toString());
        }
    }

    /** Escalates every alert past its limit now; returns them as they are after escalation. */
    @Transactional(rollbackOn = Exception.class)
    public List<AlertView> escalateDue() throws SQLException {
        NotificationConfig.Escalation e = config.escalation();
        List<AlertView> escalated = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            List<String> due = alerts.escalateDue(c, e.info(), e.warning(), e.critical());
            if (due.isEmpty()) {
                return escalated;
            }
            List<Silence> active = silences.list(c, false);
            OffsetDateTime now = OffsetDateTime.now();
            for (String id : due) {
                AlertView alert = alerts.find(c, id).orElseThrow();
                Set<String> audience = new LinkedHashSet<>(alert.departments());
                audience.add(e.leadDepartment());
                List<String> unsilenced = audience.stream()
                        .filter(d -> active.stream().noneMatch(s -> s.matches(d, alert.rule(), alert.customerId(), now)))
                        .toList();
                int queued = deliveries.enqueue(c, id, unsilenced, Delivery.REASON_ESCALATION);
                Duration limit = limit(alert.severity());
                alerts.history(c, id, "escalated", null, "not acknowledged within " + limit + "; sent to "
                        + String.join(", ", unsilenced));
                Log.infof("Escalated %s alert %s (%s) after %s: %d deliveries to %s", alert.severity(), id,
                        alert.rule(), limit, queued, unsilenced);
                escalated.add(alert);
            }
        }
        metrics.escalated(escalated.size());
        return escalated;
    }

    Duration limit(String severity) {
        return switch (severity) {
            case "critical" -> config.escalation().critical();
            case "warning" -> config.escalation().warning();
            default -> config.escalation().info();
        };
    }
}
