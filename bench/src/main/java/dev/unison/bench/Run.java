package dev.unison.bench;

import dev.unison.bench.infra.BenchInfra;
import dev.unison.bench.infra.BenchTokens;
import dev.unison.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What every measure of one bench run shares: the broker, PostgreSQL and services it started, the table, notes and
 * profiles it writes, and the helpers to start a service, profile it and run a tool.
 */
final class Run {
    static final int KAFKA_PORT = 19092;
    static final int PG_PORT = 25432;
    static final Map<String, Integer> PORTS = new LinkedHashMap<>(Map.of(
            "journey-service", 18081, "feedback-service", 18082, "consistency-service", 18083,
            "notification-service", 18084));
    static final List<String> DEPARTMENTS = List.of("support", "customer-success", "sales", "billing", "finance",
            "marketing", "account-management", "product", "cx-lead");
    /** HTTP/1.1 as most callers use it (the JDK client would otherwise upgrade to h2c, one connection for all). */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    final Path root;
    final Path work;
    final Path logs;
    final int events;
    final boolean profile;
    final Table table = new Table();
    final StringBuilder notes = new StringBuilder();
    final StringBuilder profiles = new StringBuilder();
    final List<BenchInfra.Handle> handles = new ArrayList<>();
    final Map<String, BenchInfra.Svc> services = new LinkedHashMap<>();
    Kafka kafka;
    BenchInfra.Db db;

    Run(Path root, int events, boolean profile) {
        this.root = root;
        this.work = root.resolve("bench/target/run");
        this.logs = work.resolve("logs");
        this.events = events;
        this.profile = profile;
    }

    BenchInfra.Svc start(String module) throws Exception {
        String override = System.getProperty("bench.app." + module); // e.g. a saved build to compare against
        Path app = override != null ? Path.of(override) : root.resolve(module).resolve("target/quarkus-app");
        if (!Files.exists(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(app + " missing: build with mvn -DskipTests install first");
        }
        // a private copy: a rebuild of the module in the shared checkout must not pull jars from under the process
        Path copy = work.resolve("apps").resolve(module).resolve("quarkus-app");
        copyTree(app, copy);
        Path jar = copy.resolve("quarkus-run.jar");
        String database = switch (module) {
            case "journey-service" -> "journey";
            case "feedback-service" -> "feedback";
            case "notification-service" -> "notification";
            default -> null;
        };
        log("starting " + module + " on " + PORTS.get(module));
        BenchInfra.Svc svc = BenchInfra.service(module, PORTS.get(module), jar, logs, kafka.bootstrap,
                database == null ? null : db.jdbcUrl(database), "postgres", "postgres");
        handles.add(svc);
        services.put(module, svc);
        svc.awaitReady();
        return svc;
    }

    /** Where a JFR recording of this run goes: beside the runs, so the next run does not delete it. */
    Path recording(String name) throws IOException {
        Path dir = root.resolve("bench/target/jfr");
        Files.createDirectories(dir);
        return dir.resolve(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(Instant.now().atOffset(ZoneOffset.UTC))
                + "-" + name + ".jfr");
    }

    /** A read_committed consumer of cx.alerts.v1 assigned every partition, outside any group. */
    KafkaConsumer<String, byte[]> alertsReader() {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        for (PartitionInfo p : consumer.partitionsFor(Topics.ALERTS)) {
            parts.add(new TopicPartition(p.topic(), p.partition()));
        }
        consumer.assign(parts);
        return consumer;
    }

    void awaitCaughtUp(String group, String topic, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (kafka.committed(group, topic) >= kafka.endOffsets(topic) - 6) { // transaction markers
                return;
            }
            Thread.sleep(250);
        }
        log("warning: " + group + " had not caught up with " + topic + " after " + max);
    }

    /** Where a process's CPU went between two snapshots, by thread name: the busiest eight, and the broker's. */
    void threadCpu(String what, Map<String, Long> before, Map<String, Long> after, long brokerTicks) {
        Map<String, Long> used = new java.util.HashMap<>();
        after.forEach((name, t) -> used.put(name, t - before.getOrDefault(name, 0L)));
        long total = used.values().stream().mapToLong(Long::longValue).sum();
        notes.append("- CPU of ").append(what).append(": ").append(Table.format(total / 100.0)).append(" s (broker ")
                .append(Table.format(brokerTicks / 100.0)).append(" s); by thread:");
        used.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(e -> notes.append(" `").append(e.getKey()).append("` ")
                        .append(Table.format(e.getValue() / 100.0)).append(" s"));
        notes.append('\n');
    }

    static long pid(String module) {
        long pid = child("apps/" + module + "/quarkus-app");
        if (pid < 0) {
            throw new IllegalStateException("no process of " + module);
        }
        return pid;
    }

    /** The child process whose command line contains {@code marker}, or -1 (read from /proc: long lines included). */
    static long child(String marker) {
        return ProcessHandle.current().descendants().filter(p -> {
            try {
                return Files.readString(Path.of("/proc/" + p.pid() + "/cmdline"), StandardCharsets.ISO_8859_1)
                        .contains(marker);
            } catch (IOException e) {
                return false;
            }
        }).findFirst().map(ProcessHandle::pid).orElse(-1L);
    }

    void jcmd(String module, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd")
                .toString(), Long.toString(pid(module))));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            log("jcmd " + String.join(" ", args) + " failed: " + out);
        }
    }

    String runJava(String main, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "-cp", System.getProperty("java.class.path"), main));
        command.addAll(List.of(args));
        Path out = logs.resolve(main.substring(main.lastIndexOf('.') + 1) + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        String text = Files.readString(out);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(main + " failed (" + p.exitValue() + "): see " + out);
        }
        return text;
    }

    void post(String module, String path, String json) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(services.get(module).url() + path))
                .header("content-type", "application/json").header("authorization", BenchTokens.BEARER)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + path + " → " + r.statusCode() + ": " + r.body());
        }
    }

    synchronized void stop() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        for (int i = handles.size() - 1; i >= 0; i--) {
            try {
                handles.get(i).close();
            } catch (Exception e) {
                log("stopping: " + e);
            }
        }
        handles.clear();
    }

    static void log(String message) {
        System.out.println("[bench " + DateTimeFormatter.ISO_LOCAL_TIME.format(Instant.now().atOffset(ZoneOffset.UTC))
                .substring(0, 8) + "] " + message);
    }

    static long size(Path dir, String suffix) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(suffix))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
