package dev.unison.launcher;

import dev.unison.simulator.TokenSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real Keycloak for the system tests of this JVM (SystemIT, FaultIT): its first start takes minutes, so it is
 * started once, on first use, and stopped when the JVM exits.
 */
final class TestKeycloak {
    private static Keycloak keycloak;

    private TestKeycloak() {
    }

    /**
     * Starts Keycloak on a thread of its own, if it is not started yet, so that a test can start its other parts
     * meanwhile; {@link #get()} then waits for it (and says why, if it failed).
     */
    static void startEarly() {
        Thread starter = new Thread(() -> {
            try {
                get();
            } catch (Exception e) {
                // get() is called again by the test, which starts it again or fails with the reason
            }
        }, "keycloak-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** The running Keycloak, started and awaited on first call. */
    static synchronized Keycloak get() throws IOException, InterruptedException {
        if (keycloak == null) {
            Path root = Path.of(System.getProperty("unison.home", "..")).toAbsolutePath().normalize();
            Path dir = root.resolve("launcher/target/it-keycloak");
            Files.createDirectories(dir);
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Keycloak started = Keycloak.start(Keycloak.distribution(root), dir.resolve("data"), dir.resolve("keycloak.log"),
                    port);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "keycloak-stop"));
            started.awaitReady();
            keycloak = started;
        }
        return keycloak;
    }

    /** Tokens of a demo user of the realm (password grant of the scripts' client). */
    static TokenSource user(String name) throws IOException, InterruptedException {
        return TokenSource.password(get().tokenUrl(), Keycloak.CLIENT_ID, Keycloak.CLIENT_SECRET, name,
                Keycloak.DEMO_PASSWORD);
    }
}
