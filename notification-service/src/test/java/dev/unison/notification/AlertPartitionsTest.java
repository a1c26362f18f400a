package dev.unison.notification;

import dev.unison.testsupport.EmbeddedPostgresDb;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * V3 partitions the alerts by the month of detected_at: a database at V2 keeps every row (and what refers to them),
 * an alert id is still stored once whatever month a second alert of that id names, a period reads only its months,
 * and retention drops whole old months with what hangs on their alerts.
 */
class AlertPartitionsTest {
    private static final String ALERT_ROW = "id || '/' || group_id || '/' || rule || '/' || severity || '/' || "
            + "customer_id || '/' || array_to_string(departments, ',') || '/' || fingerprint || '/' || summary || '/' "
            + "|| evidence::text || '/' || coalesce(details::text, '-') || '/' || detected_at || '/' || received_at "
            + "|| '/' || status || '/' || silenced || '/' || array_to_string(silenced_departments, ',') || '/' || "
            + "coalesce(acknowledged_by, '-') || '/' || coalesce(escalated_at::text, '-') || '/' || updated_at";
    private static final String GROUP = "00000000-0000-0000-0000-000000000001";
    private static final String SUB = "00000000-0000-0000-0000-00000000000a";

    @Test
    void aDatabaseAtVersion2KeepsEveryRowThroughVersion3() throws SQLException {
        EmbeddedPostgresDb.Database db = EmbeddedPostgresDb.newDatabase("alerts_v3");
        flyway(db, "2").migrate();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            fixtures(s);
            insertAlert(c, "old-1", OffsetDateTime.parse("2019-03-15T10:00:00Z"));
            for (int i = 0; i < 30; i++) {
                insertAlert(c, "a-" + i, now.minusDays(13L * i));
            }
            s.execute("UPDATE alerts SET status = 'acknowledged', acknowledged_by = 'ops', details = '{\"k\": 1}', "
                    + "escalated_at = now() WHERE id = 'a-3'");
            s.execute("INSERT INTO alert_history (alert_id, action, actor) VALUES ('a-3', 'acknowledged', 'ops'), "
                    + "('old-1', 'resolved', 'ops')");
            s.execute("INSERT INTO alert_receipts (received_id, alert_id, detected_at) VALUES ('r-1', 'old-1', now())");
            s.execute("INSERT INTO alert_notices (alert_id, subscription_id, group_id) VALUES ('a-1', '" + SUB + "', '"
                    + GROUP + "')");
            s.execute("INSERT INTO deliveries (id, group_id, subscription_id, reason, department, type, target) "
                    + "VALUES ('00000000-0000-0000-0000-0000000000d1', '" + GROUP + "', '" + SUB + "', 'alert', "
                    + "'billing', 'webhook', 'http://hook')");
            s.execute("INSERT INTO delivery_alerts (delivery_id, alert_id) VALUES "
                    + "('00000000-0000-0000-0000-0000000000d1', 'a-1'), ('00000000-0000-0000-0000-0000000000d1', 'a-2')");
        }
        List<String> before = snapshot(db);
        assertThat(before).hasSize(31 + 5);

        flyway(db, "latest").migrate();

        assertThat(snapshot(db)).as("every alert, every column, and what refers to them, after V3").isEqualTo(before);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertThat(rows(s, "SELECT count(*) FROM pg_partitioned_table WHERE partrelid = 'alerts'::regclass"))
                    .containsExactly("1");
            assertThat(rows(s, "SELECT count(*) FROM alerts_default")).as("every alert in its month").containsExactly("0");
            assertThat(rows(s, "SELECT id FROM alerts_2019_03")).containsExactly("old-1");
            assertThat(rows(s, "SELECT count(*) FROM alert_ids")).containsExactly("31");

            // a second alert of a stored id fails, whichever month it names; a new id is claimed as it is stored
            assertThatThrownBy(() -> insertAlert(c, "a-5", OffsetDateTime.parse("2020-01-01T00:00:00Z")))
                    .isInstanceOf(SQLException.class).hasMessageContaining("alert_ids_pkey");
            insertAlert(c, "new-1", now);
            assertThat(rows(s, "SELECT detected_at = (SELECT detected_at FROM alerts WHERE id = 'new-1') "
                    + "FROM alert_ids WHERE id = 'new-1'")).containsExactly("t");
        }
    }

    @Test
    void aPeriodReadsOnlyItsMonthsAndRetentionDropsWholeOldMonths() throws SQLException {
        EmbeddedPostgresDb.Database db = EmbeddedPostgresDb.newDatabase("alerts_months");
        flyway(db, "latest").migrate();
        OffsetDateTime thisMonth = OffsetDateTime.now(ZoneOffset.UTC).withDayOfMonth(1).withHour(0).withMinute(0)
                .withSecond(0).withNano(0);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            fixtures(s);
            // alerts of past months land in the default partition until their month gets one, then move into it
            insertAlert(c, "four-months-ago", thisMonth.minusMonths(4).plusDays(3));
            insertAlert(c, "last-month", thisMonth.minusMonths(1).plusDays(3));
            insertAlert(c, "this-month", thisMonth.plusDays(1));
            s.execute("INSERT INTO alert_history (alert_id, action, actor) VALUES ('four-months-ago', 'resolved', 'ops')");
            s.execute("SELECT alerts_ensure_month(now() - interval '4 months')");
            s.execute("SELECT alerts_ensure_month(now() - interval '1 month')");
            assertThat(rows(s, "SELECT count(*) FROM alerts_default")).as("moved into their months").containsExactly("0");

            String lastMonth = month(thisMonth.minusMonths(1));
            String plan = explain(c, "SELECT count(*) FROM alerts WHERE detected_at >= ? AND detected_at < ?",
                    thisMonth.minusMonths(1), thisMonth);
            assertThat(plan).as(plan).contains(lastMonth).doesNotContain("alerts_default")
                    .doesNotContain(month(thisMonth));
            // an alert asked for by id is read from its month only (its detected_at from alert_ids)
            String byId = explainAnalyze(c, "SELECT * FROM alerts WHERE id = 'last-month' "
                    + "AND detected_at = (SELECT detected_at FROM alert_ids WHERE id = 'last-month')");
            // (the id's time is known only when the query runs: the other months are pruned then, never executed)
            List<String> scans = byId.lines().filter(l -> l.contains(" on alerts_")).toList();
            assertThat(scans).as(byId).filteredOn(l -> l.contains(" on " + lastMonth + " "))
                    .singleElement().asString().contains("loops=1").doesNotContain("never executed");
            assertThat(scans).as(byId).filteredOn(l -> !l.contains(" on " + lastMonth + " "))
                    .isNotEmpty().allMatch(l -> l.contains("(never executed)"));

            assertThat(rows(s, "SELECT alerts_maintain(2, 2)")).as("months dropped").containsExactly("1");
            assertThat(rows(s, "SELECT id FROM alerts ORDER BY detected_at")).containsExactly("last-month", "this-month");
            assertThat(rows(s, "SELECT id FROM alert_ids ORDER BY detected_at")).containsExactly("last-month", "this-month");
            assertThat(rows(s, "SELECT count(*) FROM alert_history")).as("the dropped alert's history with it")
                    .containsExactly("0");
        }
    }

    private static void fixtures(Statement s) throws SQLException {
        s.execute("INSERT INTO subscriptions (id, department, type, url, secret) VALUES ('" + SUB + "', 'billing', "
                + "'webhook', 'http://hook', 'secret-0123456789')");
        s.execute("INSERT INTO alert_groups (id, group_key, labels, severity) VALUES ('" + GROUP + "', 'fingerprint=fp', "
                + "'{}', 'warning')");
    }

    private static void insertAlert(Connection c, String id, OffsetDateTime detectedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO alerts (id, group_id, rule, severity, customer_id, departments, fingerprint, summary,
                                    evidence, detected_at, received_at, silenced_departments)
                VALUES (?, CAST(? AS uuid), 'ticket-maze', 'warning', ?, ARRAY['billing', 'support'], 'fp',
                        'summary of ' || ?, '[{"touchId": "t"}]', ?, '2026-01-02T03:04:05.123456Z', ARRAY['support'])""")) {
            ps.setString(1, id);
            ps.setString(2, GROUP);
            ps.setString(3, "C-" + id.length());
            ps.setString(4, id);
            ps.setTimestamp(5, Timestamp.from(detectedAt.toInstant()));
            ps.executeUpdate();
        }
    }

    private static List<String> snapshot(EmbeddedPostgresDb.Database db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            List<String> out = new ArrayList<>(rows(s, "SELECT " + ALERT_ROW + " FROM alerts ORDER BY id"));
            out.addAll(rows(s, "SELECT 'history ' || alert_id || ' ' || action FROM alert_history ORDER BY alert_id"));
            out.addAll(rows(s, "SELECT 'receipt ' || received_id || '>' || alert_id FROM alert_receipts"));
            out.addAll(rows(s, "SELECT 'notice ' || alert_id FROM alert_notices"));
            out.add(String.join(",", rows(s, "SELECT alert_id FROM delivery_alerts ORDER BY alert_id")));
            return out;
        }
    }

    private static String month(OffsetDateTime at) {
        return "alerts_" + at.getYear() + "_" + String.format("%02d", at.getMonthValue());
    }

    private static Flyway flyway(EmbeddedPostgresDb.Database db, String target) {
        return Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password())
                .locations("classpath:db/migration").target(target).load();
    }

    private static String explain(Connection c, String sql, OffsetDateTime from, OffsetDateTime to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
            ps.setTimestamp(1, Timestamp.from(from.toInstant()));
            ps.setTimestamp(2, Timestamp.from(to.toInstant()));
            return lines(ps.executeQuery());
        }
    }

    private static String explainAnalyze(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return lines(s.executeQuery("EXPLAIN (ANALYZE, COSTS OFF, TIMING ON) " + sql));
        }
    }

    private static String lines(ResultSet rs) throws SQLException {
        StringBuilder plan = new StringBuilder();
        while (rs.next()) {
            plan.append(rs.getString(1)).append('\n');
        }
        return plan.toString();
    }

    private static List<String> rows(Statement s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
