package dev.unison.journey.repository;

import dev.unison.testsupport.EmbeddedPostgresDb;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The monthly partitions of the touches table: the migration that converts a database, pruning and retention. */
class TouchPartitionsTest {
    private static final String ROW = "source || '/' || id || '/' || customer_id || '/' || kind || '/' || "
            + "occurred_at || '/' || received_at || '/' || data::text || '/' || coalesce(case_id, '-')";

    @Test
    void rowsWrittenWithTheOldSchemaSurviveTheMigrationIntoMonthPartitions() throws Exception {
        EmbeddedPostgresDb.Database db = EmbeddedPostgresDb.newDatabase("journey_migration");
        flyway(db, "2").migrate();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection c = db.connect()) {
            insert(c, "old-1", "C-1", OffsetDateTime.parse("2019-03-15T10:00:00Z"));
            for (int i = 0; i < 40; i++) {
                insert(c, "t-" + i, "C-" + (i % 5), now.minusDays(11L * i));
            }
            insert(c, "newest", "C-1", now);
        }
        List<String> before = rows(db);
        assertThat(before).hasSize(42);

        flyway(db, null).migrate();

        assertThat(rows(db)).as("every row, every column, after the migration").isEqualTo(before);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            ResultSet partitioned = s.executeQuery("SELECT count(*) FROM pg_partitioned_table WHERE partrelid = 'touches'::regclass");
            partitioned.next();
            assertThat(partitioned.getInt(1)).isEqualTo(1);
            ResultSet inDefault = s.executeQuery("SELECT count(*) FROM touches_default");
            inDefault.next();
            assertThat(inDefault.getInt(1)).as("every row in its month's partition").isZero();
            ResultSet march = s.executeQuery("SELECT id FROM touches_2019_03");
            march.next();
            assertThat(march.getString(1)).isEqualTo("old-1");
        }
    }

    @Test
    void aPeriodReadsOnlyItsMonthsAndRetentionDropsWholeOldMonths() throws Exception {
        EmbeddedPostgresDb.Database db = EmbeddedPostgresDb.newDatabase("journey_partitions");
        flyway(db, null).migrate();
        OffsetDateTime thisMonth = OffsetDateTime.now(ZoneOffset.UTC).withDayOfMonth(1).withHour(0).withMinute(0)
                .withSecond(0).withNano(0);
        TouchRepository repository = new TouchRepository(dataSource(db));
        repository.maintainPartitions(2, 0);
        try (Connection c = db.connect()) {
            // touches of past months land in the default partition until their month gets one
            insert(c, "four-months-ago", "C-1", thisMonth.minusMonths(4).plusDays(3));
            insert(c, "last-month", "C-1", thisMonth.minusMonths(1).plusDays(3));
            insert(c, "this-month", "C-1", thisMonth.plusDays(1));
            try (Statement s = c.createStatement()) {
                s.execute("SELECT touches_ensure_month(now() - interval '4 months')");
                s.execute("SELECT touches_ensure_month(now() - interval '1 month')");
                ResultSet inDefault = s.executeQuery("SELECT count(*) FROM touches_default");
                inDefault.next();
                assertThat(inDefault.getInt(1)).as("moved into their months").isZero();
            }
            String plan = explain(c, "SELECT department, count(*) FROM touches WHERE occurred_at >= ? AND occurred_at < ? "
                    + "GROUP BY department", thisMonth.minusMonths(1), thisMonth);
            String lastMonth = "touches_" + thisMonth.minusMonths(1).getYear() + "_"
                    + String.format("%02d", thisMonth.minusMonths(1).getMonthValue());
            assertThat(plan).as(plan).contains(lastMonth).doesNotContain("touches_default")
                    .doesNotContain("touches_" + thisMonth.getYear() + "_" + String.format("%02d", thisMonth.getMonthValue()));
        }

        assertThat(repository.maintainPartitions(2, 2)).as("months dropped").isEqualTo(1);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT id FROM touches ORDER BY occurred_at");
            List<String> kept = new ArrayList<>();
            while (rs.next()) {
                kept.add(rs.getString(1));
            }
            assertThat(kept).containsExactly("last-month", "this-month");
        }
    }

    private static Flyway flyway(EmbeddedPostgresDb.Database db, String target) {
        var config = Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password())
                .locations("classpath:db/migration");
        return (target == null ? config : config.target(target)).load();
    }

    private static PGSimpleDataSource dataSource(EmbeddedPostgresDb.Database db) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(db.jdbcUrl());
        ds.setUser(db.username());
        ds.setPassword(db.password());
        return ds;
    }

    private static void insert(Connection c, String id, String customer, OffsetDateTime at) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO touches (source, id, customer_id, type, kind, department, channel, direction, initiated_by,
                                     case_id, occurred_at, received_at, data)
                VALUES ('/crm', ?, ?, 'cx.touch.contact', 'contact', 'support', 'phone', 'inbound', 'customer',
                        ?, ?, ?, ?::jsonb)""")) {
            ps.setString(1, id);
            ps.setString(2, customer);
            ps.setString(3, id.hashCode() % 2 == 0 ? "case-" + id : null);
            ps.setTimestamp(4, Timestamp.from(at.toInstant()));
            ps.setTimestamp(5, Timestamp.from(Instant.parse("2026-01-02T03:04:05.123456Z")));
            ps.setString(6, "{\"customerId\": \"" + customer + "\", \"note\": \"" + id + "\"}");
            ps.executeUpdate();
        }
    }

    private static List<String> rows(EmbeddedPostgresDb.Database db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + ROW + " FROM touches ORDER BY source, id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static String explain(Connection c, String sql, OffsetDateTime from, OffsetDateTime to) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
            ps.setTimestamp(1, Timestamp.from(from.toInstant()));
            ps.setTimestamp(2, Timestamp.from(to.toInstant()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }
}
