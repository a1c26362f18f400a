package dev.unison.bench.infra;

import dev.unison.launcher.Service;
import dev.unison.launcher.ServiceProcess;
import dev.unison.launcher.Supervisor;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The scale-out bench's door into the launcher: numbered instances of a service (each with its own name, port, log,
 * Kafka Streams state and {@code UNISON_INSTANCE_ID}, as {@code ./run.sh --instances N} starts them), each under a
 * supervisor of its own that restarts it when it dies, and a way to kill one.
 */
public final class BenchInstances {
    private BenchInstances() {
    }

    /** One running instance. */
    public static final class Instance implements AutoCloseable {
        private final ServiceProcess process;
        private final Supervisor supervisor = new Supervisor();
        private final Supervisor.Supervised supervised;

        private Instance(ServiceProcess process) throws java.io.IOException {
            this.process = process;
            this.supervised = supervisor.launch(process);
        }

        public String name() {
            return process.name();
        }

        public String url() {
            return process.url();
        }

        public void awaitReady() throws Exception {
            supervisor.await(supervised);
        }

        /** The process running now (a new one after the supervisor restarted it). */
        public Process process() {
            return supervised.process();
        }

        /** kill -9; the supervisor starts it again after a second. */
        public void kill() {
            supervised.process().destroyForcibly();
        }

        @Override
        public void close() {
            supervisor.close();
        }
    }

    /**
     * Instance {@code instance} (1, 2, …) of the service of this module, with extra environment variables (e.g.
     * {@code QUARKUS_KAFKA_STREAMS_APPLICATION_ID}, so each measurement runs as a group of its own).
     */
    public static Instance start(String module, int instance, int port, Path jar, Path logs, String bootstrap,
                                 Map<String, String> env) throws java.io.IOException {
        Service service = java.util.Arrays.stream(Service.values()).filter(s -> s.module().equals(module)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + module));
        Map<String, String> all = new HashMap<>(BenchTokens.verification());
        all.putAll(env);
        return new Instance(ServiceProcess.of(service, instance, port, jar, logs,
                new ServiceProcess.Wiring(bootstrap, null, null, null, all)));
    }
}
