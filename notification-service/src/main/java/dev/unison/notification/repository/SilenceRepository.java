package dev.unison.notification.repository;

import dev.unison.notification.entity.Silence;
import dev.unison.notification.entity.StoredTime;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Silences. Callers declare the transactions. */
@ApplicationScoped
public class SilenceRepository implements PanacheRepositoryBase<Silence, UUID> {

    /** Silences still in force (all of them when {@code includeExpired}), latest end first. */
    public List<Silence> list(boolean includeExpired) {
        Sort order = Sort.descending("endsAt").and("id");
        return includeExpired ? listAll(order) : list("endsAt > ?1", order, StoredTime.now());
    }

    /** Ends a silence now; false when there is no such silence. */
    public boolean expire(UUID id) {
        Silence silence = findById(id);
        if (silence == null) {
            return false;
        }
        OffsetDateTime now = StoredTime.now();
        if (silence.endsAt.isAfter(now)) {
            silence.endsAt = now;
        }
        return true;
    }
}
