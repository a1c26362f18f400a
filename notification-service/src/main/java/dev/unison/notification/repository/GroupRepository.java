package dev.unison.notification.repository;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.notification.entity.AlertGroup;
import dev.unison.notification.entity.StoredAlert;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Alert groups: the unresolved group of a key (opened when missing), searches and member counts. */
@ApplicationScoped
public class GroupRepository implements PanacheRepositoryBase<AlertGroup, UUID> {

    /**
     * The unresolved group of a key, locked for update; opened when there is none. Two instances opening the same
     * key at once both end with the one group (the insert of the second does nothing).
     */
    public Joined openOrLock(String key, String labelsJson, String severity) {
        int inserted = getEntityManager().createNativeQuery("""
                        INSERT INTO alert_groups (id, group_key, labels, severity, status)
                        VALUES (:id, :key, CAST(:labels AS jsonb), :severity, 'open')
                        ON CONFLICT (group_key) WHERE status <> 'resolved' DO NOTHING""")
                .setParameter("id", UUID.randomUUID())
                .setParameter("key", key)
                .setParameter("labels", labelsJson)
                .setParameter("severity", severity)
                .executeUpdate();
        return new Joined(find("groupKey = ?1 and status <> 'resolved'", key)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult(), inserted == 1);
    }

    /** The group an alert joins, and whether it was opened for it. */
    public record Joined(AlertGroup group, boolean opened) {
    }

    /** Sets a group's status from its members': open while one is open, acknowledged while one is, else resolved. */
    public void refreshStatus(UUID groupId) {
        getEntityManager().createNativeQuery("""
                        UPDATE alert_groups g
                           SET status = s.status, updated_at = now(),
                               resolved_at = CASE WHEN s.status = 'resolved' THEN coalesce(g.resolved_at, now()) END
                          FROM (SELECT CASE WHEN bool_or(status = 'open') THEN 'open'
                                            WHEN bool_or(status = 'acknowledged') THEN 'acknowledged'
                                            ELSE 'resolved' END AS status
                                  FROM alerts WHERE group_id = :id) s
                         WHERE g.id = :id""")
                .setParameter("id", groupId)
                .executeUpdate();
    }

    @SuppressWarnings("unchecked")
    public GroupPage search(GroupQuery q) {
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        Map<String, Object> args = new LinkedHashMap<>();
        if (q.status() != null) {
            where.append(" AND g.status = :status");
            args.put("status", q.status());
        }
        if (q.department() != null || q.rule() != null || q.customerId() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM alerts a WHERE a.group_id = g.id");
            if (q.department() != null) {
                where.append(" AND a.departments @> ARRAY[CAST(:department AS text)]");
                args.put("department", q.department());
            }
            if (q.rule() != null) {
                where.append(" AND a.rule = :rule");
                args.put("rule", q.rule());
            }
            if (q.customerId() != null) {
                where.append(" AND a.customer_id = :customer");
                args.put("customer", q.customerId());
            }
            where.append(")");
        }
        Query count = getEntityManager().createNativeQuery("SELECT count(*) FROM alert_groups g" + where);
        args.forEach(count::setParameter);
        long total = ((Number) count.getSingleResult()).longValue();
        Query page = getEntityManager().createNativeQuery("SELECT g.* FROM alert_groups g" + where
                + " ORDER BY g.last_alert_at DESC, g.id LIMIT :limit OFFSET :offset", AlertGroup.class);
        args.forEach(page::setParameter);
        List<AlertGroup> groups = page.setParameter("limit", q.limit()).setParameter("offset", q.offset())
                .getResultList();
        return new GroupPage(views(groups), total, q.limit(), q.offset());
    }

    /** The groups with their member counts, in the given order. */
    @SuppressWarnings("unchecked")
    public List<GroupView> views(List<AlertGroup> groups) {
        if (groups.isEmpty()) {
            return List.of();
        }
        UUID[] ids = groups.stream().map(g -> g.id).toArray(UUID[]::new);
        Map<UUID, Object[]> counts = new HashMap<>();
        for (Object[] row : (List<Object[]>) getEntityManager().createNativeQuery("""
                        SELECT group_id, count(*), count(*) FILTER (WHERE status = 'open'),
                               count(*) FILTER (WHERE status = 'acknowledged'),
                               count(*) FILTER (WHERE status = 'resolved'), count(DISTINCT customer_id),
                               array_agg(DISTINCT rule)
                          FROM alerts WHERE group_id = ANY (CAST(:ids AS uuid[])) GROUP BY group_id""")
                .setParameter("ids", ids).getResultList()) {
            counts.put((UUID) row[0], row);
        }
        Map<UUID, List<String>> departments = new HashMap<>();
        for (Object[] row : (List<Object[]>) getEntityManager().createNativeQuery("""
                        SELECT group_id, array_agg(DISTINCT d ORDER BY d)
                          FROM alerts, unnest(departments) AS d
                         WHERE group_id = ANY (CAST(:ids AS uuid[])) GROUP BY group_id""")
                .setParameter("ids", ids).getResultList()) {
            departments.put((UUID) row[0], Arrays.asList((String[]) row[1]));
        }
        return groups.stream().map(g -> {
            Object[] c = counts.get(g.id);
            return new GroupView(g.id, g.groupKey, json(g.labels), g.severity, g.status, number(c, 1), number(c, 2),
                    number(c, 3), number(c, 4), number(c, 5), departments.getOrDefault(g.id, List.of()),
                    c == null ? List.of() : Arrays.asList((String[]) c[6]), g.firstAlertAt, g.lastAlertAt,
                    g.resolvedAt);
        }).toList();
    }

    public GroupView view(AlertGroup group) {
        return views(List.of(group)).get(0);
    }

    /** Raises a group's severity to the alert's when it is higher, and notes the alert's arrival. */
    public static void join(AlertGroup group, StoredAlert alert, OffsetDateTime now) {
        if (Severity.rank(alert.severity) > Severity.rank(group.severity)) {
            group.severity = alert.severity;
        }
        group.lastAlertAt = now;
        group.updatedAt = now;
        if (!StoredAlert.OPEN.equals(group.status)) {
            group.status = StoredAlert.OPEN;
        }
    }

    private static long number(Object[] row, int index) {
        return row == null ? 0 : ((Number) row[index]).longValue();
    }

    private static JsonNode json(String text) {
        return AlertView.json(text);
    }

    /** Severities in rising order. */
    public static final class Severity {
        private static final List<String> ORDER = List.of("info", "warning", "critical");

        private Severity() {
        }

        public static int rank(String severity) {
            return ORDER.indexOf(severity);
        }
    }
}
