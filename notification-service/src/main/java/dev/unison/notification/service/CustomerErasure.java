package dev.unison.notification.service;

import dev.unison.contracts.Erasure;
import dev.unison.notification.entity.AuditEntry;
import dev.unison.notification.repository.AlertRepository;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.Map;

/**
 * Erases a customer (an erasure request of cx.erasures.v1): their alerts and everything that hangs on them (history,
 * receipts, notices, the links of deliveries, Alertmanager pushes: cascaded from alert_ids), in one transaction with
 * the audit entry that says who asked. Groups stay, with the other customers' alerts.
 */
@ApplicationScoped
public class CustomerErasure {
    private final AlertRepository alerts;
    private final AuditService audit;

    public CustomerErasure(AlertRepository alerts, AuditService audit) {
        this.alerts = alerts;
        this.audit = audit;
    }

    @Transactional
    public int erase(Erasure erasure) {
        String customer = erasure.customerId();
        int erased = alerts.deleteCustomer(customer);
        audit.record(AuditEntry.CUSTOMER, customer, "erased", erasure.requestedBy(),
                Map.of("alerts", erased, "erasureId", erasure.erasureId(), "requestedAt",
                        erasure.requestedAt().toString()), null);
        Log.infof("Erased customer %s: %d alerts (erasure %s by %s)", customer, erased, erasure.erasureId(),
                erasure.requestedBy());
        return erased;
    }
}
