package dev.unison.notification.service;

import dev.unison.notification.config.NotificationConfig;
import dev.unison.notification.entity.StoredAlert;
import dev.unison.notification.entity.Subscription;
import dev.unison.notification.messaging.DeliverySender;
import dev.unison.notification.messaging.SendResult;
import dev.unison.notification.repository.AlertView;
import dev.unison.notification.repository.AlertmanagerRepository;
import dev.unison.notification.repository.SubscriptionRepository;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each Alertmanager subscription in sync as Prometheus does: every unresolved alert of its department is sent
 * when new and again every resend-interval, with endsAt four intervals ahead (so Alertmanager keeps it firing while
 * it is open and lets it end by itself if this service goes away); a resolved alert is sent once more, with endsAt
 * the time it was resolved. A failed push is tried again after a pause that doubles up to the resend interval.
 */
@ApplicationScoped
public class AlertmanagerSync {
    private static final int ENDS_AFTER_INTERVALS = 4;

    private final NotificationConfig config;
    private final SubscriptionRepository subscriptions;
    private final AlertmanagerRepository pushes;
    private final DeliverySender sender;
    private final NotificationMetrics metrics;
    private final Map<UUID, Backoff> failing = new ConcurrentHashMap<>();

    public AlertmanagerSync(NotificationConfig config, SubscriptionRepository subscriptions,
                            AlertmanagerRepository pushes, DeliverySender sender, NotificationMetrics metrics) {
        this.config = config;
        this.subscriptions = subscriptions;
        this.pushes = pushes;
        this.sender = sender;
        this.metrics = metrics;
    }

    private record Backoff(Instant until, Duration pause) {
    }

    @Scheduled(identity = "alertmanager-sync", every = "${notification.alertmanager.check-interval:1s}",
            delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            for (Subscription sub : targets()) {
                Backoff backoff = failing.get(sub.id);
                if (backoff == null || !Instant.now().isBefore(backoff.until())) {
                    push(sub);
                }
            }
        } catch (Exception e) {
            Log.warnf("Alertmanager sync failed: %s", e.toString());
        }
    }

    @Transactional
    List<Subscription> targets() {
        return subscriptions.enabled(List.of(Subscription.ALERTMANAGER));
    }

    @Transactional
    List<StoredAlert> due(Subscription sub) {
        return pushes.due(sub.id, sub.department, config.alertmanager().resendInterval(),
                config.alertmanager().batchSize());
    }

    @Transactional
    void sent(Subscription sub, List<StoredAlert> alerts) {
        pushes.sent(sub.id, alerts);
    }

    /** Sends what is due to one subscription now; returns how many alerts were sent. */
    public int push(Subscription sub) {
        List<StoredAlert> due = due(sub);
        if (due.isEmpty()) {
            return 0;
        }
        Duration resend = config.alertmanager().resendInterval();
        byte[] body = sender.alertmanagerBody(due.stream().map(AlertView::of).toList(), sub.department,
                Instant.now().plus(resend.multipliedBy(ENDS_AFTER_INTERVALS)));
        SendResult result = sender.post(DeliverySender.alertmanagerUri(sub.url), body, null, null, sub.secret);
        metrics.attempt(Subscription.ALERTMANAGER, result.succeeded());
        if (!result.succeeded()) {
            Backoff last = failing.get(sub.id);
            Duration pause = last == null ? config.delivery().initialBackoff() : last.pause().multipliedBy(2);
            pause = pause.compareTo(resend) > 0 ? resend : pause;
            failing.put(sub.id, new Backoff(Instant.now().plus(pause), pause));
            Log.warnf("Alertmanager %s of %s did not take %d alerts, trying again in %d ms: %s", sub.url,
                    sub.department, due.size(), pause.toMillis(), result.error());
            return 0;
        }
        failing.remove(sub.id);
        sent(sub, due);
        Log.debugf("Sent %d alerts to Alertmanager %s of %s", due.size(), sub.url, sub.department);
        return due.size();
    }
}
