package dev.unison.launcher;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A child JVM whose output goes to its own log file. */
final class JavaProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private JavaProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static JavaProcess start(String name, List<String> jvmArgs, Map<String, String> env, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return new JavaProcess(name, builder.start(), log);
    }

    /** The launcher's own classpath: its jar and the lib/ folder beside it, or the classpath it was started with. */
    static String launcherClasspath() {
        try {
            Path self = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(self) && Files.isDirectory(self.resolveSibling("lib"))) {
                return self + File.pathSeparator + self.resolveSibling("lib") + File.separator + "*";
            }
        } catch (URISyntaxException e) {
            // fall through to the JVM's classpath
        }
        return System.getProperty("java.class.path");
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits for the process to end and returns its exit code. */
    int await(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not finish within " + seconds + " s; see " + log);
        }
        return process.exitValue();
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Console.done(name + " stopped");
    }
}
