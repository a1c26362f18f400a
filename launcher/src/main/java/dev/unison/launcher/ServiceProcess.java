package dev.unison.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One Unison service run from its packaged Quarkus application, configured by environment variables only. */
final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Service service;
    private final int port;
    private final JavaProcess process;

    private ServiceProcess(Service service, int port, JavaProcess process) {
        this.service = service;
        this.port = port;
        this.process = process;
    }

    /**
     * Where a service finds Kafka and its database (the database's JDBC URL, user and password), and how it verifies
     * bearer tokens: OIDC settings as environment variables, e.g. the identity provider's issuer
     * ({@link #issuer(String)}).
     */
    record Wiring(String bootstrapServers, String jdbcUrl, String dbUser, String dbPassword,
                  Map<String, String> security) {

        /** Tokens of the identity provider whose realm is at this URL. */
        static Map<String, String> issuer(String url) {
            return Map.of("QUARKUS_OIDC_AUTH_SERVER_URL", url);
        }
    }

    static ServiceProcess start(Service service, int port, Path jar, Path logs, Wiring wiring) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", wiring.bootstrapServers());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        env.put("KAFKA_STREAMS_STATE_DIR", logs.resolveSibling("streams-state").toString());
        env.putAll(wiring.security());
        if (wiring.jdbcUrl() != null) {
            env.put("QUARKUS_DATASOURCE_JDBC_URL", wiring.jdbcUrl());
            env.put("QUARKUS_DATASOURCE_USERNAME", wiring.dbUser());
            env.put("QUARKUS_DATASOURCE_PASSWORD", wiring.dbPassword());
        }
        JavaProcess process = JavaProcess.start(service.module(), List.of("-Xms128m", "-Xmx512m", "-jar",
                jar.toString()), env, logs.resolve(service.module() + ".log"));
        return new ServiceProcess(service, port, process);
    }

    Service service() {
        return service;
    }

    String url() {
        return "http://localhost:" + port;
    }

    /** Waits until the service answers its readiness check with 200. */
    void awaitReady() throws InterruptedException {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(3)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.alive()) {
                throw new IllegalStateException(service.module() + " exited during start-up; see " + process.log());
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException(service.module() + " was not ready within 180 s; see " + process.log());
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
