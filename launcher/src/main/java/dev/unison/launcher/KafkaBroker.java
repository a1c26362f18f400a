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
 * jars of Maven Central exactly as kafka-server-start.sh runs them. The storage is formatted on the first start only.
 */
final class KafkaBroker implements AutoCloseable {
    private final JavaProcess process;
    private final String bootstrapServers;

    private KafkaBroker(JavaProcess process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    static KafkaBroker start(Path dir, Path log, int port) throws IOException, InterruptedException {
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
        String classpath = JavaProcess.launcherClasspath();
        List<String> jvm = List.of("-Xms256m", "-Xmx768m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true", "-cp", classpath);
        if (!Files.exists(logDirs.resolve("meta.properties"))) {
            JavaProcess format = JavaProcess.start("kafka-storage-format", concat(jvm, "kafka.tools.StorageTool",
                    "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString(),
                    "--standalone"), Map.of(), log);
            if (format.await(120) != 0) {
                throw new IllegalStateException("formatting Kafka storage failed; see " + log);
            }
        }
        JavaProcess broker = JavaProcess.start("Kafka", concat(jvm, "kafka.Kafka", config.toString()), Map.of(), log);
        KafkaBroker kafka = new KafkaBroker(broker, "localhost:" + port);
        kafka.awaitReady();
        return kafka;
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            while (System.nanoTime() < deadline) {
                if (!process.alive()) {
                    throw new IllegalStateException("Kafka exited during start-up; see " + process.log());
                }
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    Thread.sleep(500);
                }
            }
        }
        throw new IllegalStateException("Kafka was not ready within 120 s; see " + process.log());
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    private static List<String> concat(List<String> head, String... tail) {
        return java.util.stream.Stream.concat(head.stream(), java.util.Arrays.stream(tail)).toList();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
