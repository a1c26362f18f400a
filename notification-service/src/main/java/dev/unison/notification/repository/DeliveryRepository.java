package dev.unison.notification.repository;

import dev.unison.notification.entity.Delivery;
import dev.unison.notification.entity.DeliveryAttempt;
import dev.unison.notification.entity.StoredTime;
import dev.unison.notification.entity.Subscription;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The delivery outbox, the alerts each delivery names, and the attempt log. Callers declare the transactions. */
@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<Delivery, UUID> {
    /** Lock timeout hint that makes PostgreSQL skip rows locked by another instance (FOR UPDATE SKIP LOCKED). */
    private static final int SKIP_LOCKED = -2;

    /** Adds a pending delivery to one subscription naming the given alerts; returns it. */
    public Delivery enqueue(UUID groupId, Subscription sub, String reason, List<String> alertIds) {
        Delivery d = new Delivery();
        d.id = UUID.randomUUID();
        d.groupId = groupId;
        d.subscriptionId = sub.id;
        d.reason = reason;
        d.department = sub.department;
        d.type = sub.type;
        d.target = sub.url != null ? sub.url : sub.topic;
        d.status = Delivery.PENDING;
        OffsetDateTime now = StoredTime.now();
        d.nextAttemptAt = now;
        d.createdAt = now;
        persist(d);
        getEntityManager().createNativeQuery("""
                        INSERT INTO delivery_alerts (delivery_id, alert_id)
                        SELECT :delivery, unnest(CAST(:alerts AS text[]))""")
                .setParameter("delivery", d.id).setParameter("alerts", alertIds.toArray(String[]::new))
                .executeUpdate();
        return d;
    }

    /**
     * Reserves up to {@code limit} due deliveries for {@code lease} and counts the attempt about to be made. Rows
     * reserved by another instance (locked, or leased and not yet expired) are skipped; succeeded, failed and
     * cancelled rows are never claimed, so a restart cannot repeat them.
     */
    public List<Delivery> claim(int limit, Duration lease) {
        OffsetDateTime now = StoredTime.now();
        List<Delivery> due = find("status = ?1 and nextAttemptAt <= ?2 and (leaseUntil is null or leaseUntil < ?2)",
                Sort.by("nextAttemptAt"), Delivery.PENDING, now)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint("jakarta.persistence.lock.timeout", SKIP_LOCKED)
                .page(0, limit).list();
        for (Delivery d : due) {
            d.attempts++;
            d.leaseUntil = now.plus(lease);
        }
        return due;
    }

    /** Writes one attempt to the log. */
    public void logAttempt(UUID deliveryId, int attempt, OffsetDateTime startedAt, boolean succeeded,
                           Integer httpStatus, String error) {
        DeliveryAttempt a = new DeliveryAttempt();
        a.deliveryId = deliveryId;
        a.attempt = attempt;
        a.startedAt = startedAt;
        a.finishedAt = StoredTime.now();
        a.outcome = succeeded ? Delivery.SUCCEEDED : Delivery.FAILED;
        a.httpStatus = httpStatus;
        a.error = error;
        getEntityManager().persist(a);
    }

    /** Moves a pending delivery on after an attempt: to succeeded, to failed, or back to pending at {@code retryIn}. */
    public void complete(UUID deliveryId, String status, Duration retryIn, String error) {
        Delivery d = findById(deliveryId, LockModeType.PESSIMISTIC_WRITE);
        if (d == null || !Delivery.PENDING.equals(d.status)) {
            return;
        }
        OffsetDateTime now = StoredTime.now();
        d.status = status;
        d.leaseUntil = null;
        d.lastError = error;
        if (Delivery.PENDING.equals(status)) {
            d.nextAttemptAt = now.plus(retryIn == null ? Duration.ZERO : retryIn);
            d.completedAt = null;
        } else {
            d.completedAt = now;
        }
    }

    /** Every delivery naming an alert, oldest first, with the alerts it names and its attempts. */
    @SuppressWarnings("unchecked")
    public List<DeliveryView> ofAlert(String alertId) {
        List<Delivery> rows = getEntityManager().createNativeQuery("""
                        SELECT d.* FROM deliveries d JOIN delivery_alerts da ON da.delivery_id = d.id
                         WHERE da.alert_id = :alert ORDER BY d.created_at, d.department, d.id""", Delivery.class)
                .setParameter("alert", alertId).getResultList();
        return views(rows);
    }

    /** Every delivery of a group, oldest first. */
    public List<DeliveryView> ofGroup(UUID groupId) {
        return views(list("groupId", Sort.by("createdAt").and("department").and("id"), groupId));
    }

    @SuppressWarnings("unchecked")
    private List<DeliveryView> views(List<Delivery> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<UUID> ids = rows.stream().map(d -> d.id).toList();
        Map<UUID, List<String>> alerts = new HashMap<>();
        for (Object[] row : (List<Object[]>) getEntityManager().createNativeQuery("""
                        SELECT da.delivery_id, da.alert_id FROM delivery_alerts da JOIN alert_ids i ON i.id = da.alert_id
                          JOIN alerts a ON a.id = i.id AND a.detected_at = i.detected_at
                         WHERE da.delivery_id = ANY (CAST(:ids AS uuid[])) ORDER BY a.received_at, a.id""")
                .setParameter("ids", ids.toArray(UUID[]::new)).getResultList()) {
            alerts.computeIfAbsent((UUID) row[0], k -> new ArrayList<>()).add((String) row[1]);
        }
        Map<UUID, List<DeliveryAttempt>> logs = new HashMap<>();
        getEntityManager().createQuery("from DeliveryAttempt where deliveryId in ?1 order by attempt, id",
                        DeliveryAttempt.class)
                .setParameter(1, ids).getResultList()
                .forEach(a -> logs.computeIfAbsent(a.deliveryId, k -> new ArrayList<>()).add(a));
        return rows.stream().map(d -> DeliveryView.of(d, alerts.getOrDefault(d.id, List.of()),
                logs.getOrDefault(d.id, List.of()))).toList();
    }
}
