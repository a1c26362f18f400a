package dev.unison.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One instance of a Unison service run from its packaged Quarkus application, configured by environment variables
 * only. Instances of one service share its consumer groups; each has a port, a name and a log of its own.
 */
public final class ServiceProcess implements Part {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Service service;
    private final String name;
    private final int port;
    private final Path jar;
    private final Path log;
    private final Map<String, String> env;
    private final List<String> jvm;

    private ServiceProcess(Service service, String name, int port, Path jar, Path log, Map<String, String> env,
                           List<String> jvm) {
        this.service = service;
        this.name = name;
        this.port = port;
        this.jar = jar;
        this.log = log;
        this.env = env;
        this.jvm = jvm;
    }

    /**
     * Where a service finds Kafka and its database (the database's JDBC URL, user and password), and further
     * environment variables: how it verifies bearer tokens (OIDC settings, e.g. the identity provider's issuer,
     * {@link #issuer(String)}) and how it signs in to Kafka ({@link #with}).
     */
    public record Wiring(String bootstrapServers, String jdbcUrl, String dbUser, String dbPassword,
                  Map<String, String> security) {

        /** Tokens of the identity provider whose realm is at this URL. */
        static Map<String, String> issuer(String url) {
            return Map.of("QUARKUS_OIDC_AUTH_SERVER_URL", url);
        }

        /** The same with more environment variables, e.g. the service's Kafka sign-in ({@link KafkaBroker#environment}). */
        Wiring with(Map<String, String> environment) {
            Map<String, String> all = new HashMap<>(security);
            all.putAll(environment);
            return new Wiring(bootstrapServers, jdbcUrl, dbUser, dbPassword, Map.copyOf(all));
        }
    }

    /**
     * Instance {@code instance} (1, 2, …) of a service: named after the module (with {@code -2}, {@code -3} … from
     * the second on), logging to {@code <name>.log}, its Kafka Streams state (if any) in {@code state/<name>}.
     */
    public static ServiceProcess of(Service service, int instance, int port, Path jar, Path logs, Wiring wiring) {
        String name = instance == 1 ? service.module() : service.module() + "-" + instance;
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", wiring.bootstrapServers());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        env.put("KAFKA_STREAMS_STATE_DIR", logs.resolveSibling("streams-state").resolve(name).toString());
        // static group membership: the instance's consumers rejoin as themselves after a restart (README "Running at scale")
        env.put("UNISON_INSTANCE_ID", name);
        env.putAll(wiring.security());
        // the local run's webhook receivers (the system tests', a developer's) listen on this machine
        env.put("NOTIFICATION_WEBHOOK_ALLOWED_HOSTS", "localhost,127.0.0.1");
        if (wiring.jdbcUrl() != null) {
            env.put("QUARKUS_DATASOURCE_JDBC_URL", wiring.jdbcUrl());
            env.put("QUARKUS_DATASOURCE_USERNAME", wiring.dbUser());
            env.put("QUARKUS_DATASOURCE_PASSWORD", wiring.dbPassword());
        }
        List<String> jvm = new ArrayList<>(List.of("-Xms128m", "-Xmx512m"));
        return new ServiceProcess(service, name, port, jar, logs.resolve(name + ".log"), env, jvm);
    }

    /** The first instance of a service. */
    public static ServiceProcess of(Service service, int port, Path jar, Path logs, Wiring wiring) {
        return of(service, 1, port, jar, logs, wiring);
    }

    Service service() {
        return service;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Path log() {
        return log;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    @Override
    public Process start() throws IOException {
        List<String> args = new ArrayList<>(jvm);
        args.addAll(List.of("-jar", jar.toString()));
        return JavaProcess.start(args, env, log);
    }

    /** Waits until the service answers its readiness check with 200. */
    @Override
    public void awaitReady(Process process) throws InterruptedException {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(3)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " during start-up; see " + log);
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + " was not ready within 180 s; see " + log);
    }
}
