package dev.unison.notification.repository;

import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The delivery outbox and its attempt log in PostgreSQL. */
@ApplicationScoped
public class DeliveryRepository {
    private final DataSource dataSource;

    public DeliveryRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Adds one pending delivery of an alert per enabled subscription of the given departments (in the caller's
     * transaction). A (alert, subscription, reason) that exists already is left alone. Returns how many were added.
     */
    public int enqueue(Connection c, String alertId, List<String> departments, String reason) throws SQLException {
        if (departments.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO deliveries (alert_id, subscription_id, reason, department, type, target)
                SELECT ?, s.id, ?, s.department, s.type, coalesce(s.url, s.topic)
                  FROM subscriptions s
                 WHERE s.enabled AND s.department = ANY (?)
                ON CONFLICT (alert_id, subscription_id, reason) DO NOTHING""")) {
            ps.setString(1, alertId);
            ps.setString(2, reason);
            ps.setArray(3, c.createArrayOf("text", departments.toArray()));
            return ps.executeUpdate();
        }
    }

    /**
     * Reserves up to {@code limit} due deliveries for {@code lease} and counts the attempt about to be made. Rows
     * reserved by another instance (locked, or leased and not yet expired) are skipped; succeeded, failed and
     * cancelled rows are never claimed, so a restart cannot repeat them.
     */
    public List<ClaimedDelivery> claim(int limit, Duration lease) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                UPDATE deliveries d
                   SET attempts = d.attempts + 1, lease_until = now() + make_interval(secs => ?)
                 WHERE d.id IN (SELECT id FROM deliveries
                                 WHERE status = 'pending' AND next_attempt_at <= now()
                                   AND (lease_until IS NULL OR lease_until < now())
                                 ORDER BY next_attempt_at
                                 LIMIT ?
                                 FOR UPDATE SKIP LOCKED)
                RETURNING d.id, d.alert_id, d.subscription_id, d.reason, d.department, d.type, d.target,
                          d.attempts""")) {
            ps.setDouble(1, lease.toMillis() / 1000.0);
            ps.setInt(2, limit);
            List<ClaimedDelivery> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ClaimedDelivery(rs.getObject(1, UUID.class), rs.getString(2),
                            rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getString(7), rs.getInt(8)));
                }
            }
            return out;
        }
    }

    /** Writes one attempt to the log (in the caller's transaction). */
    public void logAttempt(Connection c, UUID deliveryId, int attempt, OffsetDateTime startedAt, boolean succeeded,
                           Integer httpStatus, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO delivery_attempts (delivery_id, attempt, started_at, finished_at, outcome, http_status, error)
                VALUES (?, ?, ?, now(), ?, ?, ?)""")) {
            ps.setObject(1, deliveryId);
            ps.setInt(2, attempt);
            ps.setObject(3, startedAt);
            ps.setString(4, succeeded ? Delivery.SUCCEEDED : Delivery.FAILED);
            if (httpStatus == null) {
                ps.setNull(5, Types.INTEGER);
            } else {
                ps.setInt(5, httpStatus);
            }
            ps.setString(6, error);
            ps.executeUpdate();
        }
    }

    /** Moves a delivery on after an attempt: to succeeded, to failed, or back to pending at {@code retryIn}. */
    public void complete(Connection c, UUID deliveryId, String status, Duration retryIn, String error)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE deliveries
                   SET status = ?, lease_until = NULL, last_error = ?,
                       next_attempt_at = CASE WHEN ? = 'pending' THEN now() + make_interval(secs => ?)
                                              ELSE next_attempt_at END,
                       completed_at = CASE WHEN ? = 'pending' THEN NULL ELSE now() END
                 WHERE id = ? AND status = 'pending'""")) {
            ps.setString(1, status);
            ps.setString(2, error);
            ps.setString(3, status);
            ps.setDouble(4, retryIn == null ? 0 : retryIn.toMillis() / 1000.0);
            ps.setString(5, status);
            ps.setObject(6, deliveryId);
            ps.executeUpdate();
        }
    }

    /** Every delivery of an alert with its attempts, oldest first. */
    public List<Delivery> ofAlert(String alertId) throws SQLException {
        Map<UUID, List<Delivery.Attempt>> logs = new LinkedHashMap<>();
        List<Delivery> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT a.delivery_id, a.attempt, a.started_at, a.finished_at, a.outcome, a.http_status, a.error
                      FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
                     WHERE d.alert_id = ? ORDER BY a.delivery_id, a.attempt, a.id""")) {
                ps.setString(1, alertId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Integer http = rs.getObject(6) == null ? null : rs.getInt(6);
                        logs.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                                .add(new Delivery.Attempt(rs.getInt(2), rs.getObject(3, OffsetDateTime.class),
                                        rs.getObject(4, OffsetDateTime.class), rs.getString(5), http,
                                        rs.getString(7)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, alert_id, subscription_id, reason, department, type, target, status, attempts,
                           next_attempt_at, last_error, created_at, completed_at
                      FROM deliveries WHERE alert_id = ? ORDER BY created_at, department, id""")) {
                ps.setString(1, alertId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UUID id = rs.getObject(1, UUID.class);
                        String status = rs.getString(8);
                        rows.add(new Delivery(id, rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), status, rs.getInt(9),
                                Delivery.PENDING.equals(status) ? rs.getObject(10, OffsetDateTime.class) : null,
                                rs.getString(11), rs.getObject(12, OffsetDateTime.class),
                                rs.getObject(13, OffsetDateTime.class), logs.getOrDefault(id, List.of())));
                    }
                }
            }
        }
        return rows;
    }
}
