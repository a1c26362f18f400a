package dev.unison.launcher;

import java.nio.file.Path;
import java.util.List;

/**
 * The bench's door into the launcher: its broker, PostgreSQL and service processes are package-private, so this class
 * lives in the launcher's package (inside the bench module) and hands out what the bench needs, unchanged.
 */
public final class BenchInfra {
    private BenchInfra() {
    }

    /** A started child process the bench closes at the end. */
    public interface Handle extends AutoCloseable {
        @Override
        void close() throws Exception;
    }

    /** A Kafka broker (KRaft) child process on the given port (and port + 1 for its controller). */
    public static Handle broker(Path dir, Path log, int port) throws Exception {
        KafkaBroker broker = KafkaBroker.start(dir, log, port);
        return broker::close;
    }

    /** Embedded PostgreSQL with the given databases; returns a handle and the JDBC URL maker. */
    public static Db postgres(Path dataDir, int port, List<String> databases) throws Exception {
        return new Db(Postgres.start(dataDir, port, databases));
    }

    /** A running PostgreSQL. */
    public static final class Db implements Handle {
        private final Postgres postgres;

        private Db(Postgres postgres) {
            this.postgres = postgres;
        }

        public String jdbcUrl(String database) {
            return postgres.jdbcUrl(database);
        }

        @Override
        public void close() throws Exception {
            postgres.close();
        }
    }

    /** A packaged Unison service, by module name (journey-service, ...). */
    public static final class Svc implements Handle {
        private final ServiceProcess process;

        private Svc(ServiceProcess process) {
            this.process = process;
        }

        public String url() {
            return process.url();
        }

        public void awaitReady() throws InterruptedException {
            process.awaitReady();
        }

        @Override
        public void close() throws Exception {
            process.close();
        }
    }

    public static Svc service(String module, int port, Path jar, Path logs, String bootstrap, String jdbcUrl,
                              String user, String password) throws Exception {
        Service service = java.util.Arrays.stream(Service.values()).filter(s -> s.module().equals(module)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + module));
        return new Svc(ServiceProcess.start(service, port, jar, logs,
                new ServiceProcess.Wiring(bootstrap, jdbcUrl, user, password, BenchTokens.verification())));
    }
}
