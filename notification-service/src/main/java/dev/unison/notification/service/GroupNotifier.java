package dev.unison.notification.service;

import dev.unison.notification.config.NotificationConfig;
import dev.unison.notification.entity.Delivery;
import dev.unison.notification.entity.Silence;
import dev.unison.notification.entity.StoredAlert;
import dev.unison.notification.entity.StoredTime;
import dev.unison.notification.entity.Subscription;
import dev.unison.notification.repository.AlertRepository;
import dev.unison.notification.repository.DeliveryRepository;
import dev.unison.notification.repository.NoticeRepository;
import dev.unison.notification.repository.SilenceRepository;
import dev.unison.notification.repository.SubscriptionRepository;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Turns notices into group notifications, as Alertmanager does: a subscription hears of a group's first alerts
 * group_wait after the first arrived, of later ones at most every group_interval, and of its alerts still open again
 * after repeat_interval. Each notification is an outbox delivery naming its alerts.
 */
@ApplicationScoped
public class GroupNotifier {
    private static final int BATCH = 200;

    private final NotificationConfig config;
    private final NoticeRepository notices;
    private final DeliveryRepository deliveries;
    private final SubscriptionRepository subscriptions;
    private final AlertRepository alerts;
    private final SilenceRepository silences;

    public GroupNotifier(NotificationConfig config, NoticeRepository notices, DeliveryRepository deliveries,
                         SubscriptionRepository subscriptions, AlertRepository alerts, SilenceRepository silences) {
        this.config = config;
        this.notices = notices;
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.alerts = alerts;
        this.silences = silences;
    }

    /** Queues every notification that is due now; returns how many deliveries were queued. */
    @Transactional
    public int queueDue() {
        NotificationConfig.Grouping g = config.grouping();
        int queued = 0;
        for (NoticeRepository.Due due : notices.dueNotifications(g.groupWait(), g.groupInterval(), BATCH)) {
            queued += notify(due, false);
        }
        for (NoticeRepository.Due due : notices.dueRepeats(g.repeatInterval(), BATCH)) {
            queued += notify(due, true);
        }
        return queued;
    }

    private int notify(NoticeRepository.Due due, boolean repeat) {
        Subscription sub = subscriptions.findById(due.subscriptionId());
        Optional<NoticeRepository.LastSent> last = notices.lock(due.groupId(), due.subscriptionId());
        if (sub == null || last.isEmpty()) {
            return 0; // deleted meanwhile, or another instance is notifying this group to it right now
        }
        OffsetDateTime now = StoredTime.now();
        OffsetDateTime lastSent = last.get().at();
        List<String> named;
        if (repeat) {
            if (lastSent != null && lastSent.plus(repeatInterval(sub)).isAfter(now)) {
                return 0;
            }
            List<Silence> active = silences.list(false);
            named = notices.toldAndOpen(due.groupId(), due.subscriptionId()).stream()
                    .filter(id -> {
                        StoredAlert a = alerts.byId(id).orElseThrow();
                        return active.stream().noneMatch(s -> s.matches(sub.department, a.rule, a.customerId, now));
                    }).toList();
        } else {
            if (lastSent != null && lastSent.plus(groupInterval(sub)).isAfter(now)) {
                return 0; // another instance notified it a moment ago
            }
            named = notices.pending(due.groupId(), due.subscriptionId());
        }
        if (named.isEmpty()) {
            notices.notified(due.groupId(), due.subscriptionId());
            return 0;
        }
        int max = Math.max(1, config.grouping().maxAlertsPerNotification());
        int queued = 0;
        for (int from = 0; from < named.size(); from += max) {
            List<String> part = named.subList(from, Math.min(named.size(), from + max));
            Delivery d = deliveries.enqueue(due.groupId(), sub, repeat ? Delivery.REASON_REPEAT
                    : Delivery.REASON_ALERT, part);
            if (!repeat) {
                notices.told(part, sub.id, d.id);
            }
            queued++;
        }
        notices.notified(due.groupId(), due.subscriptionId());
        Log.debugf("Queued %d %s notification(s) of group %s to %s %s naming %d alerts", queued,
                repeat ? "repeat" : "alert", due.groupId(), sub.type, sub.department, named.size());
        return queued;
    }

    Duration groupInterval(Subscription sub) {
        return sub.groupInterval == null ? config.grouping().groupInterval() : Duration.parse(sub.groupInterval);
    }

    Duration repeatInterval(Subscription sub) {
        return sub.repeatInterval == null ? config.grouping().repeatInterval() : Duration.parse(sub.repeatInterval);
    }
}
