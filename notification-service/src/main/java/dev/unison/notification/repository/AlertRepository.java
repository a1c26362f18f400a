package dev.unison.notification.repository;

import dev.unison.notification.entity.AlertHistoryEntry;
import dev.unison.notification.entity.StoredAlert;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Alerts and their history. Entity reads and writes go through Panache; the filters over the departments array and
 * the counts are PostgreSQL queries. Callers declare the transactions.
 */
@ApplicationScoped
public class AlertRepository implements PanacheRepositoryBase<StoredAlert, StoredAlert.Key> {

    /** Which of the given alert ids were received before (stored, or counted on an alert before V2). */
    @SuppressWarnings("unchecked")
    public Set<String> knownIds(List<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        List<String> found = getEntityManager().createNativeQuery("""
                        SELECT id FROM alert_ids WHERE id = ANY (CAST(:ids AS text[]))
                        UNION SELECT received_id FROM alert_receipts WHERE received_id = ANY (CAST(:ids AS text[]))""")
                .setParameter("ids", ids.toArray(String[]::new))
                .getResultList();
        return new HashSet<>(found);
    }

    /** The alert of this id, read from its month's partition only (alert_ids holds its detected_at). */
    public Optional<StoredAlert> byId(String id) {
        return keyOf(id).map(this::findById);
    }

    public Optional<StoredAlert> findForUpdate(String id) {
        return keyOf(id).map(key -> findById(key, LockModeType.PESSIMISTIC_WRITE));
    }

    private Optional<StoredAlert.Key> keyOf(String id) {
        List<?> at = getEntityManager().createNativeQuery("SELECT detected_at FROM alert_ids WHERE id = :id",
                        OffsetDateTime.class).setParameter("id", id).getResultList();
        return at.stream().findFirst().map(t -> new StoredAlert.Key(id, (OffsetDateTime) t));
    }

    /**
     * The members of a group that are not in the given status yet (nor resolved), locked, oldest first; with
     * {@code visible}, only those naming one of these departments.
     */
    @SuppressWarnings("unchecked")
    public List<StoredAlert> membersToChange(UUID groupId, String to, String[] visible) {
        String statuses = StoredAlert.ACKNOWLEDGED.equals(to) ? "status = 'open'" : "status <> 'resolved'";
        Query query = getEntityManager().createNativeQuery("SELECT * FROM alerts WHERE group_id = :group AND "
                        + statuses + (visible == null ? "" : " AND departments && CAST(:visible AS text[])")
                        + " ORDER BY received_at, id FOR UPDATE", StoredAlert.class)
                .setParameter("group", groupId);
        if (visible != null) {
            query.setParameter("visible", visible);
        }
        return query.getResultList();
    }

    /** Whether the group has an alert naming one of these departments. */
    public boolean groupHasAny(UUID groupId, String[] visible) {
        return ((Number) getEntityManager().createNativeQuery("""
                        SELECT count(*) FROM alerts WHERE group_id = :group
                           AND departments && CAST(:visible AS text[])""")
                .setParameter("group", groupId).setParameter("visible", visible).getSingleResult()).longValue() > 0;
    }

    public void history(String alertId, String action, String actor, String note) {
        getEntityManager().flush(); // the alert first: the entry refers to it and is inserted at once (identity key)
        getEntityManager().persist(AlertHistoryEntry.of(alertId, action, actor, note));
    }

    public List<AlertHistoryEntry> historyOf(String alertId) {
        return getEntityManager().createQuery(
                        "from AlertHistoryEntry where alertId = ?1 order by at, id", AlertHistoryEntry.class)
                .setParameter(1, alertId).getResultList();
    }

    /**
     * Marks the open, unsilenced alerts whose severity's limit has passed since they were received as escalated, and
     * returns their ids. Rows another instance is escalating right now are skipped.
     */
    @SuppressWarnings("unchecked")
    public List<String> escalateDue(Duration info, Duration warning, Duration critical) {
        return getEntityManager().createNativeQuery("""
                        UPDATE alerts SET escalated_at = now(), updated_at = now()
                         WHERE (id, detected_at) IN (SELECT id, detected_at FROM alerts
                                       WHERE status = 'open' AND escalated_at IS NULL AND NOT silenced
                                         AND received_at <= now() - make_interval(secs => CASE severity
                                                 WHEN 'critical' THEN :critical WHEN 'warning' THEN :warning
                                                 ELSE :info END)
                                       ORDER BY received_at LIMIT 500
                                       FOR UPDATE SKIP LOCKED)
                        RETURNING id""")
                .setParameter("critical", critical.toMillis() / 1000.0)
                .setParameter("warning", warning.toMillis() / 1000.0)
                .setParameter("info", info.toMillis() / 1000.0)
                .getResultList();
    }

    @SuppressWarnings("unchecked")
    public AlertPage search(AlertQuery q) {
        Filter f = filter(q.department(), q.rule(), q.status(), q.severity(), q.customerId(), q.groupId(), q.from(),
                q.to(), q.visible());
        long total = ((Number) f.bind(getEntityManager().createNativeQuery("SELECT count(*) FROM alerts" + f.where))
                .getSingleResult()).longValue();
        List<StoredAlert> rows = f.bind(getEntityManager().createNativeQuery("SELECT * FROM alerts" + f.where
                        + " ORDER BY detected_at DESC, id LIMIT :limit OFFSET :offset", StoredAlert.class))
                .setParameter("limit", q.limit()).setParameter("offset", q.offset())
                .getResultList();
        return new AlertPage(rows.stream().map(AlertView::of).toList(), total, q.limit(), q.offset());
    }

    /** Counts; with {@code visible} (a department member's departments) over its alerts, by its departments only. */
    public AlertStats stats(String department, OffsetDateTime from, OffsetDateTime to, String[] visible) {
        Filter f = filter(department, null, null, null, null, null, from, to, visible);
        long total = ((Number) f.bind(getEntityManager().createNativeQuery("SELECT count(*) FROM alerts" + f.where))
                .getSingleResult()).longValue();
        return new AlertStats(total,
                counts("SELECT status, count(*) FROM alerts" + f.where + " GROUP BY 1 ORDER BY 2 DESC, 1", f),
                counts("SELECT severity, count(*) FROM alerts" + f.where + " GROUP BY 1 ORDER BY 2 DESC, 1", f),
                counts("SELECT d, count(*) FROM alerts, unnest(departments) AS d" + f.where
                        + (department == null ? "" : " AND d = :department")
                        + (visible == null ? "" : " AND d = ANY (CAST(:visible AS text[]))")
                        + " GROUP BY 1 ORDER BY 2 DESC, 1", f),
                counts("SELECT rule, count(*) FROM alerts" + f.where + " GROUP BY 1 ORDER BY 2 DESC, 1", f));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Long> counts(String sql, Filter f) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Object[] row : (List<Object[]>) f.bind(getEntityManager().createNativeQuery(sql)).getResultList()) {
            out.put((String) row[0], ((Number) row[1]).longValue());
        }
        return out;
    }

    /** A WHERE clause over alerts and its named parameters. */
    private record Filter(String where, Map<String, Object> args) {
        Query bind(Query query) {
            args.forEach(query::setParameter);
            return query;
        }
    }

    private static Filter filter(String department, String rule, String status, String severity, String customerId,
                                 UUID groupId, OffsetDateTime from, OffsetDateTime to, String[] visible) {
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        Map<String, Object> args = new LinkedHashMap<>();
        if (visible != null) {
            where.append(" AND departments && CAST(:visible AS text[])");
            args.put("visible", visible);
        }
        if (department != null) {
            where.append(" AND departments @> ARRAY[CAST(:department AS text)]");
            args.put("department", department);
        }
        if (rule != null) {
            where.append(" AND rule = :rule");
            args.put("rule", rule);
        }
        if (status != null) {
            where.append(" AND status = :status");
            args.put("status", status);
        }
        if (severity != null) {
            where.append(" AND severity = :severity");
            args.put("severity", severity);
        }
        if (customerId != null) {
            where.append(" AND customer_id = :customer");
            args.put("customer", customerId);
        }
        if (groupId != null) {
            where.append(" AND group_id = :groupId");
            args.put("groupId", groupId);
        }
        if (from != null) {
            where.append(" AND detected_at >= :from");
            args.put("from", from);
        }
        if (to != null) {
            where.append(" AND detected_at < :to");
            args.put("to", to);
        }
        return new Filter(where.toString(), args);
    }

    /** The alerts a delivery names, in the order they were received. */
    @SuppressWarnings("unchecked")
    public List<StoredAlert> ofDelivery(UUID deliveryId) {
        return getEntityManager().createNativeQuery("""
                        SELECT a.* FROM delivery_alerts da JOIN alert_ids i ON i.id = da.alert_id
                          JOIN alerts a ON a.id = i.id AND a.detected_at = i.detected_at
                         WHERE da.delivery_id = :delivery ORDER BY a.received_at, a.id""", StoredAlert.class)
                .setParameter("delivery", deliveryId).getResultList();
    }

    /**
     * Deletes the customer's alerts and what hangs on them (history, receipts, notices, delivery links, Alertmanager
     * pushes: they refer to alert_ids with ON DELETE CASCADE); returns the alerts deleted.
     */
    public int deleteCustomer(String customerId) {
        getEntityManager().createNativeQuery(
                        "DELETE FROM alert_ids WHERE id IN (SELECT id FROM alerts WHERE customer_id = ?1)")
                .setParameter(1, customerId).executeUpdate();
        return getEntityManager().createNativeQuery("DELETE FROM alerts WHERE customer_id = ?1")
                .setParameter(1, customerId).executeUpdate();
    }
}
