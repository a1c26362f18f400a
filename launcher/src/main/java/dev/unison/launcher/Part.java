package dev.unison.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** One thing the supervisor runs as a child process: how to start it, when it is ready and how to stop it. */
public interface Part {

    /** What the console calls it: {@code PostgreSQL}, {@code Kafka}, {@code journey-service-2}. */
    String name();

    /** The file its output is appended to. */
    Path log();

    /** Starts the process; does not wait for it to be ready. */
    Process start() throws IOException;

    /** Returns once the started process serves; throws when it died or was not ready in time. */
    void awaitReady(Process process) throws Exception;

    /** Asks the process to stop (SIGTERM), and kills it when it has not stopped within 30 s. */
    default void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
