package dev.unison.notification.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Who is still to be told of which alert (alert_notices) and when each group was last notified to each subscription
 * (group_notifications): the state behind group_wait, group_interval and repeat_interval. Callers declare the
 * transactions.
 */
@ApplicationScoped
public class NoticeRepository {
    private final EntityManager em;

    public NoticeRepository(EntityManager em) {
        this.em = em;
    }

    /** A group to notify to one subscription. */
    public record Due(UUID groupId, UUID subscriptionId) {
    }

    /** A subscription to be told of an alert of a group. */
    public record Notice(String alertId, UUID subscriptionId, UUID groupId) {
    }

    /** Notes who is to be told of which alert, in one statement. */
    public void add(List<Notice> notices) {
        if (notices.isEmpty()) {
            return;
        }
        em.createNativeQuery("""
                        INSERT INTO alert_notices (alert_id, subscription_id, group_id)
                        SELECT * FROM unnest(CAST(:alerts AS text[]), CAST(:subscriptions AS uuid[]),
                                             CAST(:groups AS uuid[]))
                        ON CONFLICT DO NOTHING""")
                .setParameter("alerts", notices.stream().map(Notice::alertId).toArray(String[]::new))
                .setParameter("subscriptions", notices.stream().map(Notice::subscriptionId).toArray(UUID[]::new))
                .setParameter("groups", notices.stream().map(Notice::groupId).toArray(UUID[]::new))
                .executeUpdate();
    }

    /**
     * Groups with alerts a subscription was not told of yet, whose time has come: group_wait after the first such
     * alert when the group was never notified to it, else group_interval after its last notification.
     */
    @SuppressWarnings("unchecked")
    public List<Due> dueNotifications(Duration groupWait, Duration groupInterval, int limit) {
        return ((List<Object[]>) em.createNativeQuery("""
                        SELECT n.group_id, n.subscription_id
                          FROM alert_notices n
                          JOIN subscriptions s ON s.id = n.subscription_id
                          LEFT JOIN group_notifications gn
                                 ON gn.group_id = n.group_id AND gn.subscription_id = n.subscription_id
                         WHERE n.delivery_id IS NULL AND s.enabled
                         GROUP BY n.group_id, n.subscription_id, gn.last_sent_at, s.group_wait, s.group_interval
                        HAVING CASE WHEN gn.last_sent_at IS NULL
                                    THEN min(n.created_at) + CAST(coalesce(s.group_wait, :wait) AS interval)
                                    ELSE gn.last_sent_at + CAST(coalesce(s.group_interval, :interval) AS interval)
                               END <= now()
                         LIMIT :limit""")
                .setParameter("wait", groupWait.toString())
                .setParameter("interval", groupInterval.toString())
                .setParameter("limit", limit)
                .getResultList()).stream().map(r -> new Due((UUID) r[0], (UUID) r[1])).toList();
    }

    /**
     * Groups notified to a subscription longer than repeat_interval ago, with nothing new for it but alerts it was
     * told of that are still open.
     */
    @SuppressWarnings("unchecked")
    public List<Due> dueRepeats(Duration repeatInterval, int limit) {
        return ((List<Object[]>) em.createNativeQuery("""
                        SELECT gn.group_id, gn.subscription_id
                          FROM group_notifications gn
                          JOIN subscriptions s ON s.id = gn.subscription_id AND s.enabled
                          JOIN alert_groups g ON g.id = gn.group_id AND g.status = 'open'
                         WHERE gn.last_sent_at + CAST(coalesce(s.repeat_interval, :repeat) AS interval) <= now()
                           AND EXISTS (SELECT 1 FROM alert_notices n JOIN alert_ids i ON i.id = n.alert_id
                          JOIN alerts a ON a.id = i.id AND a.detected_at = i.detected_at
                                        WHERE n.group_id = gn.group_id AND n.subscription_id = gn.subscription_id
                                          AND n.delivery_id IS NOT NULL AND a.status = 'open')
                           AND NOT EXISTS (SELECT 1 FROM alert_notices n
                                            WHERE n.group_id = gn.group_id AND n.subscription_id = gn.subscription_id
                                              AND n.delivery_id IS NULL)
                         LIMIT :limit""")
                .setParameter("repeat", repeatInterval.toString())
                .setParameter("limit", limit)
                .getResultList()).stream().map(r -> new Due((UUID) r[0], (UUID) r[1])).toList();
    }

    /**
     * Locks the notification state of a group for a subscription (creating it when missing). Empty when another
     * instance holds it now; else the time of the last notification, null when there was none.
     */
    @SuppressWarnings("unchecked")
    public Optional<LastSent> lock(UUID groupId, UUID subscriptionId) {
        em.createNativeQuery("""
                        INSERT INTO group_notifications (group_id, subscription_id) VALUES (:group, :subscription)
                        ON CONFLICT DO NOTHING""")
                .setParameter("group", groupId).setParameter("subscription", subscriptionId).executeUpdate();
        List<Object> rows = em.createNativeQuery("""
                        SELECT last_sent_at FROM group_notifications
                         WHERE group_id = :group AND subscription_id = :subscription FOR UPDATE SKIP LOCKED""")
                .setParameter("group", groupId).setParameter("subscription", subscriptionId).getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(new LastSent(time(rows.get(0))));
    }

    /** When a group was last notified to a subscription; {@code at} is null when it never was. */
    public record LastSent(OffsetDateTime at) {
    }

    /** The alerts of a group a subscription is still to be told of, oldest first. */
    @SuppressWarnings("unchecked")
    public List<String> pending(UUID groupId, UUID subscriptionId) {
        return em.createNativeQuery("""
                        SELECT n.alert_id FROM alert_notices n JOIN alert_ids i ON i.id = n.alert_id
                          JOIN alerts a ON a.id = i.id AND a.detected_at = i.detected_at
                         WHERE n.group_id = :group AND n.subscription_id = :subscription AND n.delivery_id IS NULL
                         ORDER BY a.received_at, a.id""")
                .setParameter("group", groupId).setParameter("subscription", subscriptionId).getResultList();
    }

    /** The alerts of a group a subscription was told of that are still open, oldest first. */
    @SuppressWarnings("unchecked")
    public List<String> toldAndOpen(UUID groupId, UUID subscriptionId) {
        return em.createNativeQuery("""
                        SELECT n.alert_id FROM alert_notices n JOIN alert_ids i ON i.id = n.alert_id
                          JOIN alerts a ON a.id = i.id AND a.detected_at = i.detected_at
                         WHERE n.group_id = :group AND n.subscription_id = :subscription
                           AND n.delivery_id IS NOT NULL AND a.status = 'open'
                         ORDER BY a.received_at, a.id""")
                .setParameter("group", groupId).setParameter("subscription", subscriptionId).getResultList();
    }

    /** Records that a delivery tells a subscription of the given alerts. */
    public void told(List<String> alertIds, UUID subscriptionId, UUID deliveryId) {
        em.createNativeQuery("""
                        UPDATE alert_notices SET delivery_id = :delivery
                         WHERE subscription_id = :subscription AND alert_id = ANY (CAST(:alerts AS text[]))""")
                .setParameter("delivery", deliveryId).setParameter("subscription", subscriptionId)
                .setParameter("alerts", alertIds.toArray(String[]::new)).executeUpdate();
    }

    /** Records a notification of a group to a subscription now. */
    public void notified(UUID groupId, UUID subscriptionId) {
        em.createNativeQuery("""
                        UPDATE group_notifications SET last_sent_at = now()
                         WHERE group_id = :group AND subscription_id = :subscription""")
                .setParameter("group", groupId).setParameter("subscription", subscriptionId).executeUpdate();
    }

    static OffsetDateTime time(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime t) {
            return t;
        }
        if (value instanceof java.time.Instant i) {
            return i.atOffset(java.time.ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant().atOffset(java.time.ZoneOffset.UTC);
        }
        throw new IllegalStateException("not a time: " + value.getClass());
    }
}
