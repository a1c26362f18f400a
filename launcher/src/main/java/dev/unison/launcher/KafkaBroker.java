package dev.unison.launcher;

import dev.unison.contracts.kafka.KafkaSecurity;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One Apache Kafka broker in KRaft mode (combined broker and controller) as a child process, run from the Kafka
 * jars of Maven Central exactly as kafka-server-start.sh runs them. The storage is formatted on the first start only,
 * so the broker can be stopped or killed and started again on the same data.
 * <p>
 * {@link #prepareSecured} is the broker of {@code ./run.sh} and the system test: clients sign in with SASL/SCRAM-SHA-512
 * (SASL_PLAINTEXT, loopback only), each as its own user ({@link KafkaAccess}), and the StandardAuthorizer refuses
 * whatever their ACLs do not grant. The users' passwords are made when the storage is formatted and kept beside it in
 * {@code users.properties} (readable by the owner only); the SCRAM credentials go into the metadata at format time
 * ({@code kafka-storage format --add-scram}), the ACLs are written through the Admin API each time the broker is
 * ready. {@link #prepare} is a plaintext broker without authentication, for the benchmarks.
 */
public final class KafkaBroker implements Part {
    private static final String USERS_FILE = "users.properties";

    private final Path config;
    private final Path log;
    private final List<String> jvm;
    private final String bootstrapServers;
    /** User → password; empty for a plaintext broker. */
    private final Map<String, String> users;

    private KafkaBroker(Path config, Path log, List<String> jvm, String bootstrapServers, Map<String, String> users) {
        this.config = config;
        this.log = log;
        this.jvm = jvm;
        this.bootstrapServers = bootstrapServers;
        this.users = users;
    }

    /** A plaintext broker that lets everyone do everything; writes its configuration and formats new storage. */
    public static KafkaBroker prepare(Path dir, Path log, int port) throws IOException, InterruptedException {
        Path logDirs = dir.resolve("data");
        Files.createDirectories(logDirs);
        Path config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n", common(port, logDirs),
                "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + (port + 1),
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                ""));
        List<String> jvm = jvm();
        if (!Files.exists(logDirs.resolve("meta.properties"))) {
            format(jvm, config, log, List.of());
        }
        return new KafkaBroker(config, log, jvm, "localhost:" + port, Map.of());
    }

    /**
     * A broker that signs every client in (SCRAM-SHA-512 on {@code port}; the controller listener on port + 1 takes
     * only the broker itself, with PLAIN) and authorizes it by ACLs. Makes the users' passwords with new storage; a
     * storage made before SASL (no {@code users.properties}) is moved aside to {@code data.before-sasl-<time>}.
     */
    static KafkaBroker prepareSecured(Path dir, Path log, int port) throws IOException, InterruptedException {
        Path logDirs = dir.resolve("data");
        Path usersFile = dir.resolve(USERS_FILE);
        boolean formatted = Files.exists(logDirs.resolve("meta.properties"));
        if (formatted && !Files.exists(usersFile)) {
            Path aside = dir.resolve("data.before-sasl-" + System.currentTimeMillis());
            Files.move(logDirs, aside);
            Console.step("Kafka's data in " + logDirs + " was made without SASL users: moved to " + aside
                    + ", starting afresh");
            formatted = false;
        }
        Files.createDirectories(logDirs);
        Map<String, String> users = formatted ? readUsers(usersFile) : newUsers(usersFile);
        String admin = users.get(KafkaAccess.ADMIN);
        Path config = dir.resolve("server.properties");
        Files.deleteIfExists(config);
        Files.createFile(config, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(config, String.join("\n", common(port, logDirs),
                "listeners=SASL_PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + (port + 1),
                "advertised.listeners=SASL_PLAINTEXT://localhost:" + port,
                "listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT",
                "inter.broker.listener.name=SASL_PLAINTEXT",
                // clients and the broker itself: SCRAM, whose credentials are in the cluster's metadata
                "sasl.enabled.mechanisms=" + KafkaSecurity.SCRAM,
                "sasl.mechanism.inter.broker.protocol=" + KafkaSecurity.SCRAM,
                "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=" + KafkaSecurity.jaas(KafkaAccess.ADMIN, admin),
                // the controller listener: PLAIN with its one user in this file, as SCRAM needs the metadata it serves
                "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                "sasl.mechanism.controller.protocol=PLAIN",
                "listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                        + " required username=\"" + KafkaAccess.ADMIN + "\" password=\"" + admin + "\" user_"
                        + KafkaAccess.ADMIN + "=\"" + admin + "\";",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found=false",
                "super.users=User:" + KafkaAccess.ADMIN,
                ""));
        List<String> jvm = jvm();
        if (!formatted) {
            List<String> scram = new ArrayList<>();
            users.forEach((user, password) -> scram.addAll(List.of("--add-scram",
                    KafkaSecurity.SCRAM + "=[name=" + user + ",password=" + password + "]")));
            format(jvm, config, log, scram);
        }
        return new KafkaBroker(config, log, jvm, "localhost:" + port, users);
    }

    private static String common(int port, Path logDirs) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=localhost:" + (port + 1),
                "controller.listener.names=CONTROLLER",
                "log.dirs=" + logDirs,
                "num.partitions=6",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0");
    }

    private static List<String> jvm() {
        return List.of("-Xms256m", "-Xmx768m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true", "-cp", JavaProcess.launcherClasspath());
    }

    private static void format(List<String> jvm, Path config, Path log, List<String> extra)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(jvm);
        args.addAll(List.of("kafka.tools.StorageTool", "format", "--cluster-id", Uuid.randomUuid().toString(),
                "--config", config.toString(), "--standalone"));
        args.addAll(extra);
        Process format = JavaProcess.start(args, Map.of(), log);
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IllegalStateException("formatting Kafka storage failed; see " + log);
        }
    }

    /** A password for each user, written to a file only its owner may read. */
    private static Map<String, String> newUsers(Path file) throws IOException {
        SecureRandom random = new SecureRandom();
        Map<String, String> users = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(List.of(KafkaAccess.ADMIN));
        names.addAll(KafkaAccess.USERS);
        Properties properties = new Properties();
        for (String name : names) {
            byte[] bytes = new byte[18];
            random.nextBytes(bytes);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            users.put(name, password);
            properties.setProperty(name, password);
        }
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, "Kafka users of this data directory and their passwords (SCRAM-SHA-512); made by the launcher");
        }
        return users;
    }

    private static Map<String, String> readUsers(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        Map<String, String> users = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> users.put(name, properties.getProperty(name)));
        if (!users.containsKey(KafkaAccess.ADMIN)) {
            throw new IllegalStateException(file + " names no " + KafkaAccess.ADMIN + " user; delete the directory "
                    + file.getParent() + " to start the broker afresh");
        }
        return users;
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

    /** Waits until the broker answers its admin user, then (secured) writes every user's ACLs. */
    @Override
    public void awaitReady(Process process) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Map<String, Object> settings = new HashMap<>(adminSettings());
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        try (Admin admin = Admin.create(settings)) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka exited with " + process.exitValue() + "; see " + log);
                }
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    if (secured()) {
                        admin.createAcls(KafkaAccess.acls()).all().get(30, TimeUnit.SECONDS);
                    }
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

    boolean secured() {
        return !users.isEmpty();
    }

    /** The password of a user of a secured broker. */
    String password(String user) {
        String password = users.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka user " + user);
        }
        return password;
    }

    /** Client settings of the launcher's own admin user (super user): the address and how it signs in. */
    Map<String, Object> adminSettings() {
        return clientSettings(KafkaAccess.ADMIN);
    }

    /** Client settings of a user: the address and, on a secured broker, its SCRAM sign-in. */
    Map<String, Object> clientSettings(String user) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (secured()) {
            settings.putAll(KafkaSecurity.scram(user, password(user)));
        }
        return settings;
    }

    /** What a process run as this user is given: its sign-in as KAFKA_* environment variables (none when plaintext). */
    Map<String, String> environment(String user) {
        return secured() ? KafkaSecurity.scramEnvironment(user, password(user)) : Map.of();
    }

    private static List<String> concat(List<String> head, String... tail) {
        return java.util.stream.Stream.concat(head.stream(), java.util.Arrays.stream(tail)).toList();
    }
}
