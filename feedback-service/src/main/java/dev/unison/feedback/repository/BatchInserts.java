package dev.unison.feedback.repository;

import dev.unison.contracts.EventJson;
import dev.unison.runtime.storage.StorageException;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Stores a consumed batch of feedback events or of alerts in one INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING:
 * one round trip per batch however large, and repeats of (source, id) or alertId ignored by the database, which
 * entity-by-entity persisting through Hibernate cannot do. Plain JDBC on the transaction's connection; the entity
 * reads and deletes are the Panache repositories'. Every SQLException leaves as a {@link StorageException}.
 */
@ApplicationScoped
public class BatchInserts {
    private static final String INSERT_FEEDBACK = """
            INSERT INTO feedback (source, id, type, kind, customer_id, department, channel, agent_id, case_id, metric,
                                  score, bug_key, release, fixes, occurred_at, data)
            SELECT source, id, type, kind, customer_id, department, channel, agent_id, case_id, metric, score, bug_key,
                   release,
                   CASE WHEN fixes IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(fixes)) END,
                   occurred_at, data
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::integer[], ?::text[], ?::text[], ?::jsonb[], ?::timestamptz[],
                        ?::jsonb[])
                 AS t(source, id, type, kind, customer_id, department, channel, agent_id, case_id, metric, score,
                      bug_key, release, fixes, occurred_at, data)
            ON CONFLICT (source, id) DO NOTHING""";
    private static final String INSERT_ALERTS = """
            INSERT INTO alerts (alert_id, rule, severity, customer_id, departments, detected_at)
            SELECT alert_id, rule, severity, customer_id,
                   ARRAY(SELECT jsonb_array_elements_text(departments)), detected_at
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::jsonb[], ?::timestamptz[])
                 AS t(alert_id, rule, severity, customer_id, departments, detected_at)
            ON CONFLICT (alert_id) DO NOTHING""";

    private final DataSource dataSource;

    public BatchInserts(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts the events and returns how many were new (the rest were repeats). */
    public int insertFeedback(List<FeedbackRow> rows) {
        int n = rows.size();
        String[][] cols = new String[16][n];
        for (int i = 0; i < n; i++) {
            FeedbackRow r = rows.get(i);
            cols[0][i] = r.source();
            cols[1][i] = r.id();
            cols[2][i] = r.type();
            cols[3][i] = r.kind();
            cols[4][i] = r.customerId();
            cols[5][i] = r.department();
            cols[6][i] = r.channel();
            cols[7][i] = r.agentId();
            cols[8][i] = r.caseId();
            cols[9][i] = r.metric();
            cols[10][i] = r.score() == null ? null : r.score().toString();
            cols[11][i] = r.bugKey();
            cols[12][i] = r.release();
            cols[13][i] = r.fixes() == null ? null : EventJson.string(r.fixes());
            cols[14][i] = r.occurredAt().toString();
            cols[15][i] = r.dataJson();
        }
        return insert(INSERT_FEEDBACK, cols);
    }

    /** Inserts the alerts and returns how many were new. */
    public int insertAlerts(List<AlertRow> rows) {
        int n = rows.size();
        String[][] cols = new String[6][n];
        for (int i = 0; i < n; i++) {
            AlertRow r = rows.get(i);
            cols[0][i] = r.alertId();
            cols[1][i] = r.rule();
            cols[2][i] = r.severity();
            cols[3][i] = r.customerId();
            cols[4][i] = EventJson.string(r.departments() == null ? List.of() : r.departments());
            cols[5][i] = r.detectedAt().toString();
        }
        return insert(INSERT_ALERTS, cols);
    }

    private int insert(String sql, String[][] cols) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int col = 0; col < cols.length; col++) {
                ps.setArray(col + 1, c.createArrayOf("text", cols[col]));
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("cannot store a batch", e);
        }
    }
}
