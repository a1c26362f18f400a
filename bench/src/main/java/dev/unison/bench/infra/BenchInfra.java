package dev.unison.bench.infra;

import dev.unison.launcher.KafkaBroker;
import dev.unison.launcher.Postgres;
import dev.unison.launcher.Service;
import dev.unison.launcher.ServiceProcess;
import dev.unison.launcher.Supervisor;

import java.nio.file.Path;
import java.util.List;

/**
 * The bench's door into the launcher: its broker, PostgreSQL and service processes under the launcher's supervisor,
 * through the launcher's public classes, handed out as the few handles the bench needs.
 */
public final class BenchInfra {
    private BenchInfra() {
    }

    /** A started child process the bench closes at the end. */
    public interface Handle extends AutoCloseable {
        @Override
        void close() throws Exception;
    }

    /** A Kafka broker (KRaft) child process on the given port (and port + 1 for its controller), started and ready. */
    public static Handle broker(Path dir, Path log, int port) throws Exception {
        Supervisor supervisor = new Supervisor();
        supervisor.run(KafkaBroker.prepare(dir, log, port));
        return supervisor::close;
    }

    /** PostgreSQL (the launcher's, durable) with the given databases; returns a handle and the JDBC URL maker. */
    public static Db postgres(Path dataDir, int port, List<String> databases) throws Exception {
        Supervisor supervisor = new Supervisor();
        Postgres postgres = Postgres.prepare(dataDir, port, dataDir.resolveSibling("postgres.log"));
        supervisor.run(postgres);
        postgres.createDatabases(databases);
        return new Db(postgres, supervisor);
    }

    /** A running PostgreSQL. */
    public static final class Db implements Handle {
        private final Postgres postgres;
        private final Supervisor supervisor;

        private Db(Postgres postgres, Supervisor supervisor) {
            this.postgres = postgres;
            this.supervisor = supervisor;
        }

        public String jdbcUrl(String database) {
            return postgres.jdbcUrl(database);
        }

        @Override
        public void close() {
            supervisor.close();
        }
    }

    /** A packaged Unison service, by module name (journey-service, ...), started; {@link #awaitReady()} waits. */
    public static final class Svc implements Handle {
        private final ServiceProcess process;
        private final Supervisor supervisor;
        private final Supervisor.Supervised supervised;

        private Svc(ServiceProcess process) throws Exception {
            this.process = process;
            this.supervisor = new Supervisor();
            this.supervised = supervisor.launch(process);
        }

        public String url() {
            return process.url();
        }

        public void awaitReady() throws Exception {
            supervisor.await(supervised);
        }

        @Override
        public void close() {
            supervisor.close();
        }
    }

    public static Svc service(String module, int port, Path jar, Path logs, String bootstrap, String jdbcUrl,
                              String user, String password) throws Exception {
        Service service = java.util.Arrays.stream(Service.values()).filter(s -> s.module().equals(module)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + module));
        return new Svc(ServiceProcess.of(service, port, jar, logs,
                new ServiceProcess.Wiring(bootstrap, jdbcUrl, user, password, BenchTokens.verification())));
    }
}
