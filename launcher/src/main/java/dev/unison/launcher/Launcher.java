package dev.unison.launcher;

import dev.unison.contracts.Topics;
import dev.unison.contracts.kafka.TopicAdmin;

import dev.unison.simulator.Simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the whole Unison system on one machine: PostgreSQL (embedded, one database per service), a Kafka broker
 * (KRaft, from the Maven Central jars), Keycloak (the identity provider, see {@link Keycloak}), the topics, and the
 * four services as separate processes. Data lives in
 * {@code .unison/} so a second start keeps it; each part logs to its own file in {@code .unison/logs/}.
 * Ctrl-C stops everything.
 */
public final class Launcher {

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("unison.home", ".")).toAbsolutePath().normalize();
        Path data = root.resolve(".unison");
        Path logs = data.resolve("logs");
        Files.createDirectories(logs);
        System.setProperty("org.slf4j.simpleLogger.logFile", logs.resolve("postgres.log").toString());
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");

        Settings settings = Settings.fromEnvironment();
        List<AutoCloseable> running = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Console.step("Stopping Unison");
            for (int i = running.size() - 1; i >= 0; i--) {
                try {
                    running.get(i).close();
                } catch (Exception e) {
                    Console.fail("stopping: " + e.getMessage());
                }
            }
            Console.done("Stopped; data kept in " + data);
            stopped.countDown();
        }, "unison-stop"));

        try {
            // Keycloak takes longest to start: it starts first and is awaited before the services
            Console.step("Starting Keycloak on port " + Keycloak.localPort());
            Keycloak keycloak = Keycloak.start(Keycloak.distribution(root), data.resolve("keycloak"),
                    logs.resolve("keycloak.log"), Keycloak.localPort());
            running.add(keycloak);

            Console.step("Starting PostgreSQL on port " + settings.postgresPort());
            Postgres postgres = Postgres.start(data.resolve("postgres"), settings.postgresPort(), Service.DATABASES);
            running.add(postgres);
            Console.done("PostgreSQL ready (" + postgres.jdbcUrl("postgres") + ")");

            Console.step("Starting Kafka (KRaft) on port " + settings.kafkaPort());
            KafkaBroker kafka = KafkaBroker.start(data.resolve("kafka"), logs.resolve("kafka.log"), settings.kafkaPort());
            running.add(kafka);
            Console.done("Kafka ready (" + kafka.bootstrapServers() + ")");

            TopicAdmin.ensure(kafka.bootstrapServers(), List.of(
                    TopicAdmin.Spec.of(Topics.TOUCHES, settings.partitions()),
                    TopicAdmin.Spec.of(Topics.TOUCHES_DLQ, settings.partitions()),
                    TopicAdmin.Spec.of(Topics.FEEDBACK, settings.partitions()),
                    TopicAdmin.Spec.of(Topics.FEEDBACK_DLQ, settings.partitions()),
                    TopicAdmin.Spec.of(Topics.ALERTS, settings.partitions()),
                    TopicAdmin.Spec.of(Topics.ALERTS_DLQ, settings.partitions()),
                    TopicAdmin.Spec.compacted(Topics.RULES, 1),
                    TopicAdmin.Spec.compacted(Topics.FACTS, 1)));
            Console.done("Topics ready (" + settings.partitions() + " partitions each)");

            keycloak.awaitReady();
            Console.done("Keycloak ready (" + keycloak.issuer() + ")");

            List<ServiceProcess> services = new ArrayList<>();
            for (Service service : Service.values()) {
                Path jar = root.resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
                if (!Files.exists(jar)) {
                    Console.fail(service.module() + " is not built (" + jar + "); run: mvn -DskipTests install");
                    continue;
                }
                Console.step("Starting " + service.module() + " on port " + service.port());
                ServiceProcess.Wiring wiring = new ServiceProcess.Wiring(kafka.bootstrapServers(),
                        service.database() == null ? null : postgres.jdbcUrl(service.database()), "postgres", "postgres",
                        ServiceProcess.Wiring.issuer(keycloak.issuer()));
                ServiceProcess process = ServiceProcess.start(service, service.port(), jar, logs, wiring);
                running.add(process);
                services.add(process);
            }
            for (ServiceProcess process : services) {
                process.awaitReady();
                Console.done(process.service().module() + " ready at " + process.url());
            }
            printUrls(services, logs);
            printSignIn(keycloak);
            if (!List.of(args).contains("--no-simulator")) {
                startSimulator(kafka.bootstrapServers(), logs, running);
            }
        } catch (Exception e) {
            Console.fail(e.getMessage() + " (logs in " + logs + ")");
            System.exit(1);
        }
        stopped.await();
    }

    /** Gentle traffic through Kafka so the dashboard is alive; its progress goes to logs/simulator.log. */
    private static void startSimulator(String bootstrapServers, Path logs, List<AutoCloseable> running)
            throws IOException {
        PrintStream log = new PrintStream(Files.newOutputStream(logs.resolve("simulator.log"),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), true);
        Simulator simulator = new Simulator(Simulator.Options.gentle(bootstrapServers), log);
        Thread thread = new Thread(simulator, "simulator");
        thread.start();
        running.add(() -> {
            simulator.stop();
            thread.join(10_000);
            log.close();
        });
        Console.done("Simulator playing about 2 events/s (./run.sh --no-simulator to leave it out)");
    }

    /** How to get a token: the demo users of the realm and a curl line. */
    private static void printSignIn(Keycloak keycloak) {
        System.out.printf("""
                Every call needs a bearer token. Demo users (password "%s"): admin, ops, analyst, publisher, sales,
                support. A token of ops, then a call with it:
                  TOKEN=$(curl -s %s -d grant_type=password -d client_id=%s -d client_secret=%s \\
                    -d username=ops -d password=%s | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')
                  curl -H "authorization: Bearer $TOKEN" localhost:8084/alerts/stats
                Keycloak admin console: http://localhost:%d/admin (kc-admin / kc-admin)

                """, Keycloak.DEMO_PASSWORD, keycloak.tokenUrl(), Keycloak.CLIENT_ID, Keycloak.CLIENT_SECRET,
                Keycloak.DEMO_PASSWORD, Keycloak.localPort());
    }

    private static void printUrls(List<ServiceProcess> services, Path logs) throws IOException {
        System.out.println();
        System.out.println("Unison is running. Ctrl-C stops it.");
        for (ServiceProcess p : services) {
            String extra = p.service() == Service.NOTIFICATION ? "   dashboard: " + p.url() + "/" : "";
            System.out.printf("  %-22s %s/q/swagger-ui%s%n", p.service().module(), p.url(), extra);
        }
        System.out.println("  logs                   " + logs);
        System.out.println();
    }
}
