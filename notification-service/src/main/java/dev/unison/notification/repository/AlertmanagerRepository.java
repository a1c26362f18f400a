package dev.unison.notification.repository;

import dev.unison.notification.entity.StoredAlert;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** What each Alertmanager subscription was last sent of each alert. Callers declare the transactions. */
@ApplicationScoped
public class AlertmanagerRepository {
    private final EntityManager em;

    public AlertmanagerRepository(EntityManager em) {
        this.em = em;
    }

    /**
     * The alerts an Alertmanager subscription of a department is to be sent now: unresolved ones it was never sent or
     * not within {@code resendInterval}, and resolved ones it was sent while open but not since they were resolved.
     * Alerts a silence kept from the department are left out.
     */
    @SuppressWarnings("unchecked")
    public List<StoredAlert> due(UUID subscriptionId, String department, Duration resendInterval, int limit) {
        return em.createNativeQuery("""
                        SELECT a.* FROM alerts a
                          LEFT JOIN alertmanager_pushes p ON p.alert_id = a.id AND p.subscription_id = :subscription
                         WHERE a.departments @> ARRAY[CAST(:department AS text)]
                           AND NOT (CAST(:department AS text) = ANY (a.silenced_departments))
                           AND ((a.status <> 'resolved'
                                 AND (p.last_sent_at IS NULL
                                      OR p.last_sent_at <= now() - make_interval(secs => :resend)))
                             OR (a.status = 'resolved' AND p.alert_id IS NOT NULL AND p.resolved_sent_at IS NULL))
                         ORDER BY a.received_at, a.id
                         LIMIT :limit""", StoredAlert.class)
                .setParameter("subscription", subscriptionId)
                .setParameter("department", department)
                .setParameter("resend", resendInterval.toMillis() / 1000.0)
                .setParameter("limit", limit)
                .getResultList();
    }

    /** Records that the alerts were sent now (and, for the resolved among them, that their end was). */
    public void sent(UUID subscriptionId, List<StoredAlert> alerts) {
        for (StoredAlert a : alerts) {
            em.createNativeQuery("""
                            INSERT INTO alertmanager_pushes (subscription_id, alert_id, last_sent_at, resolved_sent_at)
                            VALUES (:subscription, :alert, now(), CASE WHEN :resolved THEN now() END)
                            ON CONFLICT (subscription_id, alert_id) DO UPDATE
                               SET last_sent_at = now(), resolved_sent_at = EXCLUDED.resolved_sent_at""")
                    .setParameter("subscription", subscriptionId).setParameter("alert", a.id)
                    .setParameter("resolved", StoredAlert.RESOLVED.equals(a.status)).executeUpdate();
        }
    }
}
