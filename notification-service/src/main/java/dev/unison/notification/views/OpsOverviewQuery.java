package dev.unison.notification.views;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SQL of the ops overview, over alerts and deliveries (read-only). */
@ApplicationScoped
public class OpsOverviewQuery {
    private static final String PERIOD = " detected_at >= :from AND detected_at < :to";

    private final EntityManager em;

    public OpsOverviewQuery(EntityManager em) {
        this.em = em;
    }

    public OpsOverview overview(OffsetDateTime from, OffsetDateTime to, String bucket) {
        List<OpsOverview.Count> byRule = counts("SELECT date_trunc(:bucket, detected_at AT TIME ZONE 'UTC'), rule, "
                + "count(*) FROM alerts WHERE" + PERIOD + " GROUP BY 1, 2 ORDER BY 1, 2", from, to, bucket);
        List<OpsOverview.Count> byDepartment = counts("SELECT date_trunc(:bucket, detected_at AT TIME ZONE 'UTC'), "
                + "d, count(*) FROM alerts, unnest(departments) AS d WHERE" + PERIOD
                + " GROUP BY 1, 2 ORDER BY 1, 2", from, to, bucket);
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (String status : List.of("open", "acknowledged", "resolved")) {
            byStatus.put(status, 0L);
        }
        long total = 0;
        for (Object[] row : rows("SELECT status, count(*) FROM alerts WHERE" + PERIOD + " GROUP BY 1", from, to)) {
            long n = ((Number) row[1]).longValue();
            byStatus.put((String) row[0], n);
            total += n;
        }
        List<OpsOverview.Response> responses = rows("""
                SELECT d, count(*), count(acknowledged_at),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - received_at)),
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - received_at)),
                       count(resolved_at),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - received_at)),
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - received_at))
                  FROM alerts, unnest(departments) AS d WHERE""" + PERIOD + " GROUP BY 1 ORDER BY 1", from, to)
                .stream().map(r -> new OpsOverview.Response((String) r[0], n(r[1]), n(r[2]), seconds(r[3]),
                        seconds(r[4]), n(r[5]), seconds(r[6]), seconds(r[7]))).toList();
        List<OpsOverview.Deliveries> deliveries = rows("""
                SELECT department, count(*) FILTER (WHERE status = 'succeeded'), count(*) FILTER (WHERE status = 'failed'),
                       count(*) FILTER (WHERE status = 'pending' AND attempts > 0),
                       count(*) FILTER (WHERE status = 'pending' AND attempts = 0),
                       count(*) FILTER (WHERE status = 'cancelled')
                  FROM deliveries WHERE created_at >= :from AND created_at < :to GROUP BY 1 ORDER BY 1""", from, to)
                .stream().map(r -> new OpsOverview.Deliveries((String) r[0], n(r[1]), n(r[2]), n(r[3]), n(r[4]),
                        n(r[5]))).toList();
        return new OpsOverview(from, to, bucket, total, byRule, byDepartment, byStatus, responses, deliveries);
    }

    /**
     * Alerts of the consistency score's rules per ISO week (UTC) and rule: company-wide (department null), and once
     * for each department an alert names.
     */
    public List<ConsistencyScore.Count> scoreCounts(OffsetDateTime from, OffsetDateTime to) {
        String rules = " AND rule IN ('" + String.join("', '", ConsistencyScore.RULES) + "')";
        String week = "to_char(detected_at AT TIME ZONE 'UTC', 'IYYY-\"W\"IW')";
        return rows("SELECT " + week + ", CAST(NULL AS TEXT), rule, count(*) FROM alerts WHERE" + PERIOD + rules
                + " GROUP BY 1, 3 UNION ALL SELECT " + week + ", d, rule, count(*) FROM alerts, unnest(departments) AS d"
                + " WHERE" + PERIOD + rules + " GROUP BY 1, 2, 3", from, to).stream()
                .map(r -> new ConsistencyScore.Count((String) r[0], (String) r[1], (String) r[2], n(r[3]))).toList();
    }

    private List<OpsOverview.Count> counts(String sql, OffsetDateTime from, OffsetDateTime to, String bucket) {
        Query query = em.createNativeQuery(sql).setParameter("bucket", bucket);
        return bind(query, from, to).stream()
                .map(r -> new OpsOverview.Count(utc(r[0]), (String) r[1], n(r[2]))).toList();
    }

    private List<Object[]> rows(String sql, OffsetDateTime from, OffsetDateTime to) {
        return bind(em.createNativeQuery(sql), from, to);
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> bind(Query query, OffsetDateTime from, OffsetDateTime to) {
        return query.setParameter("from", from).setParameter("to", to).getResultList();
    }

    private static long n(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Double seconds(Object seconds) {
        return seconds == null ? null : Math.round(((Number) seconds).doubleValue() * 10.0) / 10.0;
    }

    /** A bucket start: date_trunc of the UTC wall time, a timestamp without zone. */
    private static OffsetDateTime utc(Object value) {
        if (value instanceof Timestamp t) {
            return t.toLocalDateTime().atOffset(ZoneOffset.UTC);
        }
        if (value instanceof java.time.LocalDateTime t) {
            return t.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
        return (OffsetDateTime) value;
    }
}
