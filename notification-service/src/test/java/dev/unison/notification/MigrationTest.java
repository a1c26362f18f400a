package dev.unison.notification;

import dev.unison.testsupport.EmbeddedPostgresDb;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V2 converts a database written before alerts were stored one by one: each row of `alerts` (a fingerprint's first
 * alert with the others counted on it) becomes an alert in a group of its own, replays of the counted ids stay no-ops,
 * and deliveries, notices and Alertmanager state carry over.
 */
class MigrationTest {

    @Test
    void version2KeepsWhatTheOldGroupedAlertsHeld() throws SQLException {
        EmbeddedPostgresDb.Database db = EmbeddedPostgresDb.newDatabase("migration");
        flyway(db, "1").migrate();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO subscriptions (id, department, type, url, secret) VALUES
                      ('00000000-0000-0000-0000-00000000000a', 'billing', 'webhook', 'http://hook',
                       'secret-0123456789'),
                      ('00000000-0000-0000-0000-00000000000b', 'billing', 'alertmanager', 'http://am', NULL)""");
            s.execute("""
                    INSERT INTO alerts (id, rule, severity, customer_id, departments, fingerprint, summary, evidence,
                                        detected_at, occurrences, status, silenced)
                    VALUES ('a1', 'conflicting-answers', 'warning', 'C-1', ARRAY['billing', 'sales'],
                            'conflicting-answers:fee', 'Billing and sales told C-1 two fees', '[]', now(), 3, 'open',
                            FALSE),
                           ('a2', 'ticket-maze', 'info', 'C-2', ARRAY['support'], 'ticket-maze:C-2', 'maze', '[]',
                            now(), 1, 'resolved', TRUE)""");
            s.execute("""
                    INSERT INTO alert_occurrences (occurrence_id, alert_id, detected_at) VALUES
                      ('a1', 'a1', now()), ('r2', 'a1', now()), ('r3', 'a1', now()), ('a2', 'a2', now())""");
            s.execute("""
                    INSERT INTO deliveries (alert_id, subscription_id, reason, department, type, target, status,
                                            attempts, completed_at) VALUES
                      ('a1', '00000000-0000-0000-0000-00000000000a', 'alert', 'billing', 'webhook', 'http://hook',
                       'succeeded', 1, now()),
                      ('a1', '00000000-0000-0000-0000-00000000000b', 'alert', 'billing', 'alertmanager', 'http://am',
                       'pending', 0, NULL)""");
        }

        flyway(db, "latest").migrate();

        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertThat(rows(s, "SELECT a.id || ' ' || a.status || ' ' || g.group_key || ' ' || g.status "
                    + "|| ' ' || a.silenced || ' ' || array_to_string(a.silenced_departments, ',') "
                    + "FROM alerts a JOIN alert_groups g ON g.id = a.group_id ORDER BY a.id"))
                    .containsExactly("a1 open fingerprint=conflicting-answers:fee open false ",
                            "a2 resolved fingerprint=ticket-maze:C-2 resolved true support");
            assertThat(rows(s, "SELECT action || ': ' || note FROM alert_history WHERE alert_id = 'a1'"))
                    .singleElement().asString().startsWith("migrated: 2 later alert(s)");
            assertThat(rows(s, "SELECT received_id || '>' || alert_id FROM alert_receipts ORDER BY 1"))
                    .as("the counted ids stay known, so their replays stay no-ops").containsExactly("r2>a1", "r3>a1");
            assertThat(rows(s, "SELECT d.type || ' ' || d.status || ' ' || da.alert_id FROM deliveries d "
                    + "JOIN delivery_alerts da ON da.delivery_id = d.id ORDER BY 1"))
                    .containsExactly("alertmanager cancelled a1", "webhook succeeded a1");
            assertThat(rows(s, "SELECT alert_id || ' told ' || (delivery_id IS NOT NULL) FROM alert_notices"))
                    .containsExactly("a1 told true");
            assertThat(rows(s, "SELECT count(*) FROM group_notifications WHERE last_sent_at IS NOT NULL"))
                    .containsExactly("1");
        }
    }

    private static Flyway flyway(EmbeddedPostgresDb.Database db, String target) {
        return Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password())
                .locations("classpath:db/migration").target(target).load();
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
