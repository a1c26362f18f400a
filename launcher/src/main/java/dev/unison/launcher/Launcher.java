package dev.unison.launcher;

import dev.unison.contracts.Topics;
import dev.unison.contracts.kafka.TopicAdmin;
import dev.unison.contracts.kafka.TopicCatalogue;

import dev.unison.simulator.KafkaSink;
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
 * Runs the whole Unison system on one machine: PostgreSQL (one database per service), a Kafka broker (KRaft, from
 * the Maven Central jars; every client signs in with SASL/SCRAM as its own user, see {@link KafkaAccess}), Keycloak (the identity provider, see {@link Keycloak}), the topics, and
 * {@code --instances N} of each of the four services, every one a child process under a {@link Supervisor} that
 * starts it again when it dies. Data lives in {@code .unison/} so a second start keeps it; each part logs to its own
 * file in {@code .unison/logs/}. Ctrl-C stops everything it started.
 */
public final class Launcher {

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("unison.home", ".")).toAbsolutePath().normalize();
        Path data = root.resolve(".unison");
        Path logs = data.resolve("logs");
        Files.createDirectories(logs);
        System.setProperty("org.slf4j.simpleLogger.logFile", logs.resolve("launcher.log").toString());
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        Settings settings = Settings.fromEnvironment().withArguments(List.of(args));
        Supervisor supervisor = new Supervisor();
        List<AutoCloseable> extras = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Console.step("Stopping Unison");
            for (AutoCloseable extra : extras) {
                try {
                    extra.close();
                } catch (Exception e) {
                    Console.fail("stopping: " + e.getMessage());
                }
            }
            List<String> alive = supervisor.stopAll();
            if (alive.isEmpty()) {
                Console.done("Stopped everything it started; data kept in " + data);
            } else {
                Console.fail("Still running: " + String.join(", ", alive) + "; data in " + data);
            }
            stopped.countDown();
        }, "unison-stop"));

        try {
            // Keycloak takes longest to start: it starts first and is awaited before the services
            Console.step("Starting Keycloak on port " + Keycloak.localPort());
            Keycloak keycloak = Keycloak.start(Keycloak.distribution(root), data.resolve("keycloak"),
                    logs.resolve("keycloak.log"), Keycloak.localPort());
            extras.add(keycloak);

            Console.step("Starting PostgreSQL on port " + settings.postgresPort());
            Postgres postgres = Postgres.prepare(data, settings.postgresPort(), logs.resolve("postgres.log"));
            supervisor.run(postgres);
            postgres.createDatabases(Service.DATABASES);
            Console.done("PostgreSQL ready (" + postgres.jdbcUrl("postgres") + "?user=postgres; fsync and synchronous commit on)");

            Console.step("Starting Kafka (KRaft) on port " + settings.kafkaPort());
            KafkaBroker kafka = KafkaBroker.prepareSecured(data.resolve("kafka"), logs.resolve("kafka.log"),
                    settings.kafkaPort());
            supervisor.run(kafka);
            Console.done("Kafka ready (" + kafka.bootstrapServers() + ", SASL/SCRAM-SHA-512, a user per service, ACLs)");

            TopicAdmin.ensure(kafka.adminSettings(), topics(settings.partitions()));
            Console.done("Topics ready (" + settings.partitions() + " partitions each)");

            keycloak.awaitReady();
            Console.done("Keycloak ready (" + keycloak.issuer() + ")");

            List<Supervisor.Supervised> services = new ArrayList<>();
            for (Service service : Service.values()) {
                Path jar = root.resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
                if (!Files.exists(jar)) {
                    Console.fail(service.module() + " is not built (" + jar + "); run: mvn -DskipTests install");
                    continue;
                }
                ServiceProcess.Wiring wiring = new ServiceProcess.Wiring(kafka.bootstrapServers(),
                        service.database() == null ? null : postgres.jdbcUrl(service.database()), "postgres", "postgres",
                        ServiceProcess.Wiring.issuer(keycloak.issuer())).with(kafka.environment(service.module()));
                for (int i = 1; i <= settings.instances(); i++) {
                    ServiceProcess part = ServiceProcess.of(service, i, service.port(i), jar, logs, wiring);
                    Console.step("Starting " + part.name() + " on port " + service.port(i));
                    services.add(supervisor.launch(part));
                }
            }
            for (Supervisor.Supervised s : services) {
                supervisor.await(s);
                Console.done(s.part().name() + " ready at " + ((ServiceProcess) s.part()).url());
            }
            printUrls(supervisor, logs);
            printSignIn(keycloak);
            printKafkaSignIn(kafka, data.resolve("kafka"));
            if (!settings.simulator()) {
                Console.done("Simulator left out (--no-simulator)");
            } else {
                extras.add(startSimulator(kafka, logs));
            }
        } catch (Exception e) {
            Console.fail(e.getMessage() + " (logs in " + logs + ")");
            System.exit(1);
        }
        stopped.await();
    }

    /** The topics of the system, created by the launcher's admin user before the services start. */
    static List<TopicAdmin.Spec> topics(int partitions) {
        return TopicCatalogue.all(partitions);
    }

    /** Gentle traffic through Kafka, as the publisher user, so the dashboard is alive; its progress goes to logs/simulator.log. */
    private static AutoCloseable startSimulator(KafkaBroker kafka, Path logs) throws IOException {
        PrintStream log = new PrintStream(Files.newOutputStream(logs.resolve("simulator.log"),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), true);
        Simulator simulator = new Simulator(Simulator.Options.gentle(kafka.bootstrapServers()),
                new KafkaSink(kafka.clientSettings(KafkaAccess.PUBLISHER)), log);
        Thread thread = new Thread(simulator, "simulator");
        thread.start();
        Console.done("Simulator playing about 2 events/s (./run.sh --no-simulator to leave it out)");
        return () -> {
            simulator.stop();
            thread.join(10_000);
            log.close();
            Console.done("Simulator stopped");
        };
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

    /** How a Kafka client signs in: the publisher's and the analyst's settings for kafka-clients and kcat. */
    private static void printKafkaSignIn(KafkaBroker kafka, Path dir) {
        String publisher = kafka.password(KafkaAccess.PUBLISHER);
        System.out.printf("""
                Kafka (%1$s) signs every client in: SASL_PLAINTEXT, mechanism SCRAM-SHA-512, a user each (the
                passwords were made for this data directory: %2$s). Unauthenticated clients are refused.
                  publisher  password %3$s   writes cx.touches.v1 and cx.feedback.v1 only
                  analyst    password %4$s   reads cx.* (consumer groups analyst-*)
                kafka-clients: security.protocol=SASL_PLAINTEXT, sasl.mechanism=SCRAM-SHA-512, sasl.jaas.config=
                  org.apache.kafka.common.security.scram.ScramLoginModule required username="publisher" password="%3$s";
                kcat: kcat -b %1$s -X security.protocol=SASL_PLAINTEXT -X sasl.mechanisms=SCRAM-SHA-512 \\
                  -X sasl.username=publisher -X sasl.password=%3$s -P -t cx.touches.v1 ...
                the examples: KAFKA_USER=publisher KAFKA_PASSWORD=%3$s examples/kcat/publish-structured.sh

                """, kafka.bootstrapServers(), dir.resolve("users.properties"), publisher,
                kafka.password(KafkaAccess.ANALYST));
    }

    private static void printUrls(Supervisor supervisor, Path logs) {
        System.out.println();
        System.out.println("Unison is running. A part that dies is started again; Ctrl-C stops everything.");
        for (Supervisor.Supervised s : supervisor.parts()) {
            String where = "";
            if (s.part() instanceof ServiceProcess p) {
                where = p.url() + "/q/swagger-ui" + (p.service() == Service.NOTIFICATION ? "   dashboard: " + p.url() + "/" : "");
            }
            System.out.printf("  %-24s pid %-8d %s%n", s.part().name(), s.process().pid(), where);
        }
        System.out.println("  logs                     " + logs);
        System.out.println();
    }
}
