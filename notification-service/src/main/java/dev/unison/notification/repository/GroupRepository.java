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
        if (q.department() != null || q.rule() != null || q.customerId() != null || q.visible() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM alerts a WHERE a.group_id = g.id");
            if (q.visible() != null) {
                where.append(" AND a.departments && CAST(:visible AS text[])");
                args.put("visible", q.visible());
            }
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
        return new GroupPage(views(groups, q.visible()), total, q.limit(), q.offset());
    }

    /** The groups with their member counts, in the given order. */
    public List<GroupView> views(List<AlertGroup> groups) {
        return views(groups, null);
    }

    /**
     * The groups with their member counts, in the given order. With {@code visible} (a department member's
     * departments) only the alerts naming one of them count: the counts, departments, rules, status and times of
     * a group are those of these alerts.
     */
    @SuppressWarnings("unchecked")
    public List<GroupView> views(List<AlertGroup> groups, String[] visible) {
        if (groups.isEmpty()) {
            return List.of();
        }
        UUID[] ids = groups.stream().map(g -> g.id).toArray(UUID[]::new);
        String only = visible == null ? "" : " AND departments && CAST(:visible AS text[])";
        Map<UUID, Object[]> counts = new HashMap<>();
        Query countQuery = getEntityManager().createNativeQuery("""
                        SELECT group_id, count(*), count(*) FILTER (WHERE status = 'open'),
                               count(*) FILTER (WHERE status = 'acknowledged'),
                               count(*) FILTER (WHERE status = 'resolved'), count(DISTINCT customer_id),
                               array_agg(DISTINCT rule), min(received_at), max(received_at)
                          FROM alerts WHERE group_id = ANY (CAST(:ids AS uuid[]))""" + only + " GROUP BY group_id")
                .setParameter("ids", ids);
        Query departmentQuery = getEntityManager().createNativeQuery("""
                        SELECT group_id, array_agg(DISTINCT d ORDER BY d)
                          FROM alerts, unnest(departments) AS d
                         WHERE group_id = ANY (CAST(:ids AS uuid[]))""" + only + " GROUP BY group_id")
                .setParameter("ids", ids);
        if (visible != null) {
            countQuery.setParameter("visible", visible);
            departmentQuery.setParameter("visible", visible);
        }
        for (Object[] row : (List<Object[]>) countQuery.getResultList()) {
            counts.put((UUID) row[0], row);
        }
        Map<UUID, List<String>> departments = new HashMap<>();
        for (Object[] row : (List<Object[]>) departmentQuery.getResultList()) {
            departments.put((UUID) row[0], Arrays.asList((String[]) row[1]));
        }
        return groups.stream().map(g -> {
            Object[] c = counts.get(g.id);
            String status = g.status;
            OffsetDateTime first = g.firstAlertAt;
            OffsetDateTime last = g.lastAlertAt;
            if (visible != null) {
                status = number(c, 2) > 0 ? StoredAlert.OPEN : number(c, 3) > 0 ? StoredAlert.ACKNOWLEDGED
                        : StoredAlert.RESOLVED;
                first = c == null ? null : time(c[7]);
                last = c == null ? null : time(c[8]);
            }
            return new GroupView(g.id, g.groupKey, json(g.labels), g.severity, status, number(c, 1), number(c, 2),
                    number(c, 3), number(c, 4), number(c, 5), departments.getOrDefault(g.id, List.of()),
                    c == null ? List.of() : Arrays.asList((String[]) c[6]), first, last,
                    visible == null || StoredAlert.RESOLVED.equals(status) ? g.resolvedAt : null);
        }).toList();
    }

    private static OffsetDateTime time(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime t) {
            return t;
        }
        if (value instanceof java.time.Instant i) {
            return i.atOffset(java.time.ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant().atOffset(java.time.ZoneOffset.UTC);
        }
        throw new IllegalStateException("unexpected time " + value.getClass());
    }

    public GroupView view(AlertGroup group) {
        return views(List.of(group)).get(0);
    }

    public GroupView view(AlertGroup group, String[] visible) {
        return views(List.of(group), visible).get(0);
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
