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
import java.util.UUID;

/** Silences in PostgreSQL. */
@ApplicationScoped
public class SilenceRepository {
    private static final String COLUMNS = "id, department, rule, customer_id, ends_at, created_by, comment, created_at";

    private final DataSource dataSource;

    public SilenceRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Silence insert(Silence s) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO silences (id, department, rule, customer_id, ends_at, created_by, comment) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS)) {
            ps.setObject(1, s.id());
            ps.setString(2, s.department());
            ps.setString(3, s.rule());
            ps.setString(4, s.customerId());
            ps.setObject(5, s.endsAt());
            ps.setString(6, s.createdBy());
            ps.setString(7, s.comment());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return read(rs);
            }
        }
    }

    /** Silences still in force (all of them when {@code includeExpired}). */
    public List<Silence> list(boolean includeExpired) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return list(c, includeExpired);
        }
    }

    public List<Silence> list(Connection c, boolean includeExpired) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM silences" + (includeExpired ? "" : " WHERE ends_at > now()")
                + " ORDER BY ends_at DESC, id";
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            List<Silence> out = new ArrayList<>();
            while (rs.next()) {
                out.add(read(rs));
            }
            return out;
        }
    }

    /** Ends a silence now; false when there is no such silence. */
    public boolean expire(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE silences SET ends_at = least(ends_at, now()) WHERE id = ?")) {
            ps.setObject(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    private static Silence read(ResultSet rs) throws SQLException {
        return new Silence(rs.getObject("id", UUID.class), rs.getString("department"), rs.getString("rule"),
                rs.getString("customer_id"), rs.getObject("ends_at", OffsetDateTime.class),
                rs.getString("created_by"), rs.getString("comment"), rs.getObject("created_at", OffsetDateTime.class));
    }
}
