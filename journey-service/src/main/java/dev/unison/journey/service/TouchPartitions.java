package dev.unison.journey.service;

import dev.unison.journey.config.JourneyConfig;
import dev.unison.journey.repository.TouchRepository;
import dev.unison.runtime.storage.StorageException;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps the touches table's monthly partitions: at start-up and every six hours creates the coming months'
 * partitions and drops the months past {@code journey.storage.retention-months}. Instances take turns (the database
 * function holds an advisory lock), so any number of them may run it.
 */
@ApplicationScoped
public class TouchPartitions {
    private final TouchRepository repository;
    private final JourneyConfig config;

    public TouchPartitions(TouchRepository repository, JourneyConfig config) {
        this.repository = repository;
        this.config = config;
    }

    @Scheduled(every = "6h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void maintain() {
        try {
            int dropped = repository.maintainPartitions(config.storage().monthsAhead(), config.storage().retentionMonths());
            if (dropped > 0) {
                Log.infof("Dropped %d monthly partitions of touches older than %d months", dropped,
                        config.storage().retentionMonths());
            }
        } catch (StorageException e) {
            Log.warnf("Could not maintain the touches partitions (trying again in 6 h; touches of months without a "
                    + "partition are kept in touches_default meanwhile): %s", e.getMessage());
        }
    }
}
