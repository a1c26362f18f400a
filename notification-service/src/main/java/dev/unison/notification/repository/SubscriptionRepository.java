package dev.unison.notification.repository;

import dev.unison.notification.entity.Subscription;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Subscriptions. Callers declare the transactions. */
@ApplicationScoped
public class SubscriptionRepository implements PanacheRepositoryBase<Subscription, UUID> {

    public List<Subscription> list(String department) {
        Sort order = Sort.by("department").and("createdAt").and("id");
        return department == null ? listAll(order) : list("department", order, department);
    }

    /** The enabled subscriptions of the given types. */
    public List<Subscription> enabled(List<String> types) {
        return list("enabled = true and type in ?1", Sort.by("department").and("id"), types);
    }

    /** Deletes a subscription and cancels its pending deliveries; the delivery log stays. */
    public boolean remove(UUID id) {
        getEntityManager().createQuery("update Delivery set status = 'cancelled', lastError = 'subscription deleted', "
                        + "completedAt = current_timestamp where subscriptionId = ?1 and status = 'pending'")
                .setParameter(1, id).executeUpdate();
        return deleteById(id);
    }
}
