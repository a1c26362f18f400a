package dev.unison.notification.service;

import dev.unison.notification.config.NotificationConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Keeps the alerts table's monthly partitions: at start-up and every six hours creates the coming months' partitions
 * and drops the months past {@code notification.storage.retention-months} (with the ids, history, notices and
 * Alertmanager state of their alerts). Instances take turns (the database function holds an advisory lock), so any
 * number of them may run it.
 */
@ApplicationScoped
public class AlertPartitions {
    private final EntityManager em;
    private final NotificationConfig config;

    public AlertPartitions(EntityManager em, NotificationConfig config) {
        this.em = em;
        this.config = config;
    }

    @Scheduled(identity = "alert-partitions", every = "6h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            int dropped = maintain(config.storage().monthsAhead(), config.storage().retentionMonths());
            if (dropped > 0) {
                Log.infof("Dropped %d monthly partitions of alerts older than %d months", dropped,
                        config.storage().retentionMonths());
            }
        } catch (RuntimeException e) {
            Log.warnf("Could not maintain the alerts partitions (trying again in 6 h; alerts of months without a "
                    + "partition are kept in alerts_default meanwhile): %s", e.getMessage());
        }
    }

    /** Creates the partitions of this month and the next monthsAhead, drops those past retention; how many dropped. */
    @Transactional
    public int maintain(int monthsAhead, int retentionMonths) {
        return ((Number) em.createNativeQuery("SELECT alerts_maintain(:ahead, :retention)")
                .setParameter("ahead", monthsAhead).setParameter("retention", retentionMonths)
                .getSingleResult()).intValue();
    }
}
