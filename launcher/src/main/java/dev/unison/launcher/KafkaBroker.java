package dev.unison.launcher;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Apache Kafka broker in KRaft mode (combined broker and controller) as a child process, run from the Kafka
 * jars of Maven Central exactly as kafka-server-start.sh runs them. The storage is formatted on the first start only,
 * so the broker can be stopped or killed and started again on the same data.
 */
public final class KafkaBroker implements Part {
    private final Path config;
    private final Path log;
    private final List<String> jvm;
    private final String bootstrapServers;

    private KafkaBroker(Path config, Path log, List<String> jvm, String bootstrapServers) {
        this.config = config;
        this.log = log;
        this.jvm = jvm;
        this.bootstrapServers = bootstrapServers;
    }

    /** Writes the broker's configuration and formats its storage when it is new. */
    public static KafkaBroker prepare(Path dir, Path log, int port) throws IOException, InterruptedException {
        Path logDirs = dir.resolve("data");
        Files.createDirectories(logDirs);
        Path config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=localhost:" + (port + 1),
                "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + (port + 1),
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + logDirs,
                "num.partitions=6",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                ""));
        List<String> jvm = List.of("-Xms256m", "-Xmx768m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true", "-cp", JavaProcess.launcherClasspath());
        if (!Files.exists(logDirs.resolve("meta.properties"))) {
            Process format = JavaProcess.start(concat(jvm, "kafka.tools.StorageTool", "format", "--cluster-id",
                    Uuid.randomUuid().toString(), "--config", config.toString(), "--standalone"), Map.of(), log);
            if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting Kafka storage failed; see " + log);
            }
        }
        return new KafkaBroker(config, log, jvm, "localhost:" + port);
    }

    @Override
    public String name() {
        return "Kafka";
    }

    @Override
    public Path log() {
        return log;
    }

    @Override
    public Process start() throws IOException {
        return JavaProcess.start(concat(jvm, "kafka.Kafka", config.toString()), Map.of(), log);
    }

    @Override
    public void awaitReady(Process process) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka exited with " + process.exitValue() + "; see " + log);
                }
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    Thread.sleep(500);
                }
            }
        }
        throw new IllegalStateException("Kafka was not ready within 120 s; see " + log);
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    private static List<String> concat(List<String> head, String... tail) {
        return java.util.stream.Stream.concat(head.stream(), java.util.Arrays.stream(tail)).toList();
    }
}
