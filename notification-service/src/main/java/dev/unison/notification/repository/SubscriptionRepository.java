package dev.unison.notification.repository;

import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Subscriptions in PostgreSQL. */
@ApplicationScoped
public class SubscriptionRepository {
    private static final String COLUMNS = "id, department, type, name, url, topic, secret, enabled, created_at, updated_at";

    private final DataSource dataSource;

    public SubscriptionRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Subscription insert(Subscription s) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO subscriptions (id, department, type, name, url, topic, secret, enabled) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS)) {
            ps.setObject(1, s.id());
            ps.setString(2, s.department());
            ps.setString(3, s.type());
            ps.setString(4, s.name());
            ps.setString(5, s.url());
            ps.setString(6, s.topic());
            ps.setString(7, s.secret());
            ps.setBoolean(8, s.enabled());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return read(rs);
            }
        }
    }

    public Optional<Subscription> update(Subscription s) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE subscriptions SET department = ?, type = ?, name = ?, url = ?, topic = ?, secret = ?, "
                        + "enabled = ?, updated_at = now() WHERE id = ? RETURNING " + COLUMNS)) {
            ps.setString(1, s.department());
            ps.setString(2, s.type());
            ps.setString(3, s.name());
            ps.setString(4, s.url());
            ps.setString(5, s.topic());
            ps.setString(6, s.secret());
            ps.setBoolean(7, s.enabled());
            ps.setObject(8, s.id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    public Optional<Subscription> find(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return find(c, id);
        }
    }

    public Optional<Subscription> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM subscriptions WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    public List<Subscription> list(String department) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM subscriptions"
                + (department == null ? "" : " WHERE department = ?") + " ORDER BY department, created_at, id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (department != null) {
                ps.setString(1, department);
            }
            List<Subscription> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        }
    }

    /** Deletes a subscription and cancels its pending deliveries; the delivery log stays. */
    public boolean delete(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE deliveries SET status = 'cancelled', "
                + "last_error = 'subscription deleted', completed_at = now() "
                + "WHERE subscription_id = ? AND status = 'pending'")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM subscriptions WHERE id = ?")) {
            ps.setObject(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    static Subscription read(ResultSet rs) throws SQLException {
        return new Subscription(rs.getObject("id", UUID.class), rs.getString("department"), rs.getString("type"),
                rs.getString("name"), rs.getString("url"), rs.getString("topic"), rs.getString("secret"),
                rs.getBoolean("enabled"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }
}
