package dev.unison.feedback.repository;

import dev.unison.feedback.entity.ReceivedAlert;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** The alerts kept for the impact analytics (Panache). Callers declare the transactions. */
@ApplicationScoped
public class AlertRepository implements PanacheRepositoryBase<ReceivedAlert, String> {

    /** Deletes the alerts kept about the customer (an erasure); returns how many there were. */
    public long deleteCustomer(String customerId) {
        return delete("customerId", customerId);
    }
}
