package dev.unison.notification.service;

import dev.unison.notification.config.NotificationConfig;
import dev.unison.notification.entity.Delivery;
import dev.unison.notification.entity.Silence;
import dev.unison.notification.entity.StoredAlert;
import dev.unison.notification.entity.StoredTime;
import dev.unison.notification.entity.Subscription;
import dev.unison.notification.repository.AlertRepository;
import dev.unison.notification.repository.AlertView;
import dev.unison.notification.repository.DeliveryRepository;
import dev.unison.notification.repository.SilenceRepository;
import dev.unison.notification.repository.SubscriptionRepository;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Escalates alerts nobody acknowledged within their severity's limit: once per alert, a delivery of reason
 * "escalation" naming it to every webhook and kafka subscription of its departments and of the CX lead department
 * (Alertmanager subscriptions see escalatedAt in the alert's annotations on the next re-send).
 */
@ApplicationScoped
public class EscalationService {
    private static final List<String> NOTIFIED_TYPES = List.of(Subscription.WEBHOOK, Subscription.KAFKA);

    private final NotificationConfig config;
    private final AlertRepository alerts;
    private final DeliveryRepository deliveries;
    private final SilenceRepository silences;
    private final SubscriptionRepository subscriptions;
    private final AlertFeed feed;
    private final NotificationMetrics metrics;
    private final DeliveryWorker worker;

    public EscalationService(NotificationConfig config, AlertRepository alerts, DeliveryRepository deliveries,
                             SilenceRepository silences, SubscriptionRepository subscriptions, AlertFeed feed,
                             NotificationMetrics metrics, DeliveryWorker worker) {
        this.config = config;
        this.alerts = alerts;
        this.deliveries = deliveries;
        this.silences = silences;
        this.subscriptions = subscriptions;
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
                feed.publish(FeedEvent.ESCALATED, alert);
            }
        } catch (Exception e) {
            Log.warnf("Escalation run failed: %s", e.toString());
        }
    }

    /** Escalates every alert past its limit now; returns them as they are after escalation. */
    @Transactional
    public List<AlertView> escalateDue() {
        NotificationConfig.Escalation e = config.escalation();
        List<AlertView> escalated = new ArrayList<>();
        List<String> due = alerts.escalateDue(e.info(), e.warning(), e.critical());
        if (due.isEmpty()) {
            return escalated;
        }
        List<Silence> active = silences.list(false);
        List<Subscription> subscribed = subscriptions.enabled(NOTIFIED_TYPES);
        OffsetDateTime now = StoredTime.now();
        for (String id : due) {
            StoredAlert alert = alerts.byId(id).orElseThrow();
            Set<String> audience = new LinkedHashSet<>(List.of(alert.departments));
            audience.add(e.leadDepartment());
            List<String> unsilenced = audience.stream()
                    .filter(d -> active.stream().noneMatch(s -> s.matches(d, alert.rule, alert.customerId, now)))
                    .toList();
            int queued = 0;
            for (Subscription sub : subscribed) {
                if (unsilenced.contains(sub.department)) {
                    deliveries.enqueue(alert.groupId, sub, Delivery.REASON_ESCALATION, List.of(alert.id));
                    queued++;
                }
            }
            Duration limit = limit(alert.severity);
            alerts.history(id, "escalated", null, "not acknowledged within " + limit + "; sent to "
                    + String.join(", ", unsilenced));
            Log.infof("Escalated %s alert %s (%s) after %s: %d deliveries to %s", alert.severity, id, alert.rule,
                    limit, queued, unsilenced);
            escalated.add(AlertView.of(alert));
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
