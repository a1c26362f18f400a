package dev.unison.launcher;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts child JVMs whose output goes to their own log file. */
final class JavaProcess {
    private JavaProcess() {
    }

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    static Process start(List<String> jvmArgs, Map<String, String> env, Path log) throws IOException {
        List<String> command = detached();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return builder.start();
    }

    /**
     * The start of a child's command line: {@code setsid} where there is one, so that the child has a session of
     * its own and a terminal's Ctrl-C reaches the launcher only, which then stops its children in order (services,
     * then Kafka, then PostgreSQL) instead of all of them dying at once and the supervisor restarting them.
     */
    static List<String> detached() {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        return command;
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
}
