package dev.unison.notification.repository;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.Alert;
import dev.unison.contracts.EventJson;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Alerts, their occurrences and history in PostgreSQL. Callers declare the transactions. */
@ApplicationScoped
public class AlertRepository {
    private static final String COLUMNS = "id, rule, severity, customer_id, departments, fingerprint, summary, "
            + "evidence, details, detected_at, first_seen_at, last_seen_at, occurrences, status, silenced, "
            + "acknowledged_by, acknowledged_at, resolved_by, resolved_at, escalated_at";

    private final DataSource dataSource;

    public AlertRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The id of the group an alert id was already counted on, if it was received before. */
    public Optional<String> occurrenceOf(Connection c, String occurrenceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT alert_id FROM alert_occurrences WHERE occurrence_id = ?")) {
            ps.setString(1, occurrenceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** The unresolved alert of a fingerprint, locked for update. */
    public Optional<String> lockUnresolved(Connection c, String fingerprint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM alerts WHERE fingerprint = ? AND status <> 'resolved' FOR UPDATE")) {
            ps.setString(1, fingerprint);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public void insert(Connection c, Alert a, List<String> departments, boolean silenced) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO alerts (id, rule, severity, customer_id, departments, fingerprint, summary, evidence,
                                    details, detected_at, silenced)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)""")) {
            ps.setString(1, a.alertId());
            ps.setString(2, a.rule());
            ps.setString(3, a.severity());
            ps.setString(4, a.customerId());
            ps.setArray(5, c.createArrayOf("text", departments.toArray()));
            ps.setString(6, a.fingerprint());
            ps.setString(7, a.summary());
            ps.setString(8, EventJson.string(a.evidence() == null ? List.of() : a.evidence()));
            if (a.details() == null) {
                ps.setNull(9, Types.VARCHAR);
            } else {
                ps.setString(9, EventJson.string(a.details()));
            }
            ps.setObject(10, a.detectedAt());
            ps.setBoolean(11, silenced);
            ps.executeUpdate();
        }
    }

    /** Counts one more occurrence on a group; the severity only ever rises. */
    public void recordRepeat(Connection c, String alertId, String severity) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE alerts SET occurrences = occurrences + 1, last_seen_at = now(), updated_at = now(),
                       severity = CASE WHEN array_position(ARRAY['info','warning','critical'], ?)
                                          > array_position(ARRAY['info','warning','critical'], severity)
                                       THEN ? ELSE severity END
                 WHERE id = ?""")) {
            ps.setString(1, severity);
            ps.setString(2, severity);
            ps.setString(3, alertId);
            ps.executeUpdate();
        }
    }

    public void insertOccurrence(Connection c, String occurrenceId, String alertId, OffsetDateTime detectedAt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO alert_occurrences (occurrence_id, alert_id, detected_at) VALUES (?, ?, ?)")) {
            ps.setString(1, occurrenceId);
            ps.setString(2, alertId);
            ps.setObject(3, detectedAt);
            ps.executeUpdate();
        }
    }

    public void history(Connection c, String alertId, String action, String actor, String note) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO alert_history (alert_id, action, actor, note) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, alertId);
            ps.setString(2, action);
            ps.setString(3, actor);
            ps.setString(4, note);
            ps.executeUpdate();
        }
    }

    /** Moves an alert to acknowledged (from open) or resolved (from open or acknowledged); false if it could not. */
    public boolean transition(Connection c, String alertId, String to, String actor) throws SQLException {
        String sql = AlertView.ACKNOWLEDGED.equals(to)
                ? "UPDATE alerts SET status = 'acknowledged', acknowledged_by = ?, acknowledged_at = now(), "
                  + "updated_at = now() WHERE id = ? AND status = 'open'"
                : "UPDATE alerts SET status = 'resolved', resolved_by = ?, resolved_at = now(), updated_at = now() "
                  + "WHERE id = ? AND status <> 'resolved'";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, actor);
            ps.setString(2, alertId);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Marks the open, unsilenced alerts whose severity's limit has passed since they were first seen as escalated,
     * and returns their ids. Rows another instance is escalating right now are skipped.
     */
    public List<String> escalateDue(Connection c, Duration info, Duration warning, Duration critical)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE alerts SET escalated_at = now(), updated_at = now()
                 WHERE id IN (SELECT id FROM alerts
                               WHERE status = 'open' AND escalated_at IS NULL AND NOT silenced
                                 AND first_seen_at <= now() - make_interval(secs => CASE severity
                                         WHEN 'critical' THEN ? WHEN 'warning' THEN ? ELSE ? END)
                               ORDER BY first_seen_at LIMIT 500
                               FOR UPDATE SKIP LOCKED)
                RETURNING id""")) {
            ps.setDouble(1, critical.toMillis() / 1000.0);
            ps.setDouble(2, warning.toMillis() / 1000.0);
            ps.setDouble(3, info.toMillis() / 1000.0);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    public Optional<AlertView> find(String id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return find(c, id);
        }
    }

    public Optional<AlertView> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM alerts WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    public List<HistoryEntry> historyOf(String id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT at, action, actor, note FROM alert_history WHERE alert_id = ? ORDER BY at, id")) {
            ps.setString(1, id);
            List<HistoryEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HistoryEntry(rs.getObject(1, OffsetDateTime.class), rs.getString(2),
                            rs.getString(3), rs.getString(4)));
                }
            }
            return out;
        }
    }

    public AlertPage search(AlertQuery q) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        List<Object> args = new ArrayList<>();
        filters(q.department(), q.rule(), q.status(), q.severity(), q.customerId(), q.from(), q.to(), where, args);
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM alerts" + where)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<AlertView> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM alerts" + where
                    + " ORDER BY detected_at DESC, id LIMIT ? OFFSET ?")) {
                List<Object> all = new ArrayList<>(args);
                all.add(q.limit());
                all.add(q.offset());
                bind(ps, all);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(read(rs));
                    }
                }
            }
            return new AlertPage(items, total, q.limit(), q.offset());
        }
    }

    public AlertStats stats(String department, OffsetDateTime from, OffsetDateTime to) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        List<Object> args = new ArrayList<>();
        filters(department, null, null, null, null, from, to, where, args);
        try (Connection c = dataSource.getConnection()) {
            long total = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM alerts" + where)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        total = rs.getLong(1);
                    }
                }
            }
            return new AlertStats(total,
                    counts(c, "SELECT status, count(*) FROM alerts" + where + " GROUP BY 1 ORDER BY 2 DESC, 1", args),
                    counts(c, "SELECT severity, count(*) FROM alerts" + where + " GROUP BY 1 ORDER BY 2 DESC, 1", args),
                    counts(c, "SELECT d, count(*) FROM alerts, unnest(departments) AS d" + where
                            + (department == null ? "" : " AND d = ?") + " GROUP BY 1 ORDER BY 2 DESC, 1",
                            department == null ? args : append(args, department)),
                    counts(c, "SELECT rule, count(*) FROM alerts" + where + " GROUP BY 1 ORDER BY 2 DESC, 1", args));
        }
    }

    private static List<Object> append(List<Object> args, Object value) {
        List<Object> out = new ArrayList<>(args);
        out.add(value);
        return out;
    }

    private static Map<String, Long> counts(Connection c, String sql, List<Object> args) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    private static void filters(String department, String rule, String status, String severity, String customerId,
                                OffsetDateTime from, OffsetDateTime to, StringBuilder where, List<Object> args) {
        if (department != null) {
            where.append(" AND departments @> ARRAY[?]::text[]");
            args.add(department);
        }
        if (rule != null) {
            where.append(" AND rule = ?");
            args.add(rule);
        }
        if (status != null) {
            where.append(" AND status = ?");
            args.add(status);
        }
        if (severity != null) {
            where.append(" AND severity = ?");
            args.add(severity);
        }
        if (customerId != null) {
            where.append(" AND customer_id = ?");
            args.add(customerId);
        }
        if (from != null) {
            where.append(" AND detected_at >= ?");
            args.add(from);
        }
        if (to != null) {
            where.append(" AND detected_at < ?");
            args.add(to);
        }
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }

    static AlertView read(ResultSet rs) throws SQLException {
        Array departments = rs.getArray("departments");
        return new AlertView(rs.getString("id"), rs.getString("rule"), rs.getString("severity"),
                rs.getString("customer_id"), Arrays.asList((String[]) departments.getArray()),
                rs.getString("fingerprint"), rs.getString("summary"), json(rs.getString("evidence")),
                json(rs.getString("details")), rs.getObject("detected_at", OffsetDateTime.class),
                rs.getObject("first_seen_at", OffsetDateTime.class), rs.getObject("last_seen_at", OffsetDateTime.class),
                rs.getInt("occurrences"), rs.getString("status"), rs.getBoolean("silenced"),
                rs.getString("acknowledged_by"), rs.getObject("acknowledged_at", OffsetDateTime.class),
                rs.getString("resolved_by"), rs.getObject("resolved_at", OffsetDateTime.class),
                rs.getObject("escalated_at", OffsetDateTime.class));
    }

    static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return EventJson.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
