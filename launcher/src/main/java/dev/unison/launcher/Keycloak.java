package dev.unison.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Keycloak, the identity provider of the local run and the system test: the Quarkus distribution of Maven Central
 * ({@code org.keycloak:keycloak-quarkus-dist}, which the launcher's build copies to
 * {@code launcher/target/keycloak/keycloak.zip}), unpacked once into its directory and started in development mode
 * on a loopback port. The first start imports the realm {@code unison} (the launcher's {@code unison-realm.json}):
 * roles, departments, the dashboard's and the scripts' clients and the demo users. Keycloak needs a JDK 21 or later
 * (see {@link #javaHome()}).
 */
final class Keycloak implements AutoCloseable {
    static final String REALM = "unison";
    static final String CLIENT_ID = "unison-cli";
    static final String CLIENT_SECRET = "unison-cli-secret";
    static final String DEMO_PASSWORD = "unison";
    /** The master realm's administrator of the local, development-mode Keycloak (its admin console). */
    static final String ADMIN_USER = "kc-admin";
    static final String ADMIN_PASSWORD = "kc-admin";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private final int port;

    private Keycloak(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** The port of the local run: {@code UNISON_KEYCLOAK_PORT}, 8180 by default. */
    static int localPort() {
        String value = System.getenv("UNISON_KEYCLOAK_PORT");
        return value == null || value.isBlank() ? 8180 : Integer.parseInt(value.trim());
    }

    /** The distribution the build copied beside the launcher. */
    static Path distribution(Path root) {
        return root.resolve("launcher/target/keycloak/keycloak.zip");
    }

    /** Unpacks the distribution into {@code dir} unless done before, and starts Keycloak; see {@link #awaitReady()}. */
    static Keycloak start(Path distribution, Path dir, Path log, int port) throws IOException {
        if (!Files.exists(distribution)) {
            throw new IllegalStateException("Keycloak is not built (" + distribution + "); run: mvn -DskipTests install");
        }
        Path home = home(dir).orElse(null);
        if (home == null) {
            unzip(distribution, dir);
            home = home(dir).orElseThrow(() -> new IllegalStateException("no bin/kc.sh in " + distribution));
        }
        Path imports = Files.createDirectories(home.resolve("data/import"));
        try (InputStream realm = Keycloak.class.getResourceAsStream("/unison-realm.json")) {
            Files.copy(realm, imports.resolve("unison-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        }
        Path java = javaHome();
        ProcessBuilder builder = new ProcessBuilder("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port, "--hostname=http://localhost:" + port,
                // management (health, metrics) on port + 9: port + 1 … + 4 belong to a second instance of each service
                "--http-management-port=" + (port + 9), "--import-realm")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("JAVA_HOME", java.toString());
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        // an administrator of the master realm for the admin console (development mode only)
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        return new Keycloak(builder.start(), log, port);
    }

    /**
     * A JDK 21 or later for Keycloak: {@code UNISON_KEYCLOAK_JAVA_HOME}, else {@code JAVA_HOME}, else the JVM running
     * the launcher, else the newest under {@code /usr/lib/jvm} — the first that is 21 or later.
     */
    static Path javaHome() {
        List<Path> candidates = new ArrayList<>();
        for (String env : List.of("UNISON_KEYCLOAK_JAVA_HOME", "JAVA_HOME")) {
            String value = System.getenv(env);
            if (value != null && !value.isBlank()) {
                candidates.add(Path.of(value));
            }
        }
        candidates.add(Path.of(System.getProperty("java.home")));
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> all = Files.list(jvms)) {
                all.sorted(Comparator.comparingInt(Keycloak::featureVersion).reversed()).forEach(candidates::add);
            } catch (IOException e) {
                // no more candidates
            }
        }
        return candidates.stream().filter(home -> featureVersion(home) >= 21 && Files.isExecutable(home.resolve("bin/java")))
                .findFirst().orElseThrow(() -> new IllegalStateException("Keycloak needs a JDK 21 or later; none found "
                        + "in UNISON_KEYCLOAK_JAVA_HOME, JAVA_HOME, the running JVM or /usr/lib/jvm (looked at "
                        + candidates + ")"));
    }

    /** The feature version (17, 21, 25) a JDK's {@code release} file names, or 0. */
    private static int featureVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return 0;
        }
        try (InputStream in = Files.newInputStream(release)) {
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
            return Integer.parseInt(version.split("[.+-]")[0]);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** Waits until the realm's OIDC discovery document is served: Keycloak is up and the realm imported. */
    void awaitReady() throws InterruptedException {
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(420);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited during start-up; see " + log);
            }
            try {
                if (HTTP.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("Keycloak was not ready within 420 s; see " + log);
    }

    /** The realm's issuer: what the services verify tokens against (QUARKUS_OIDC_AUTH_SERVER_URL). */
    String issuer() {
        return "http://localhost:" + port + "/realms/" + REALM;
    }

    String tokenUrl() {
        return issuer() + "/protocol/openid-connect/token";
    }

    private static Optional<Path> home(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(child -> Files.isRegularFile(child.resolve("bin/kc.sh"))).findFirst();
        }
    }

    private static void unzip(Path zip, Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(file.entries())) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("entry outside the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Console.done("Keycloak stopped");
    }
}
