package dev.unison.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** The results file: the machine, the commit, the settings given, the table, notes and profiles. */
final class Report {
    private final Run run;

    Report(Run run) {
        this.run = run;
    }

    void report(String label) throws Exception {
        String when = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(Instant.now().atOffset(ZoneOffset.UTC));
        StringBuilder md = new StringBuilder();
        md.append("# Unison bench ").append(when).append(" UTC").append(label.isEmpty() ? "" : " — " + label)
                .append("\n\n");
        md.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores (")
                .append(System.getProperty("os.arch")).append(", ").append(cpuModel())
                .append("), shared with other work while this ran; Java ").append(System.getProperty("java.version"))
                .append(". Broker, PostgreSQL, services and load generator all on this machine. ")
                .append(run.events).append(" pre-filled touches. Commit ").append(gitHead())
                .append(environment())
                .append(System.getProperty("bench.app.journey-service") == null ? ""
                        : ", journey-service from the saved build labelled \""
                        + java.nio.file.Path.of(System.getProperty("bench.app.journey-service")).getFileName() + "\"")
                .append(".\n\n");
        md.append(run.table.markdown());
        if (run.notes.length() > 0) {
            md.append("\n").append(run.notes);
        }
        if (run.profiles.length() > 0) {
            md.append("\n## Profiles (JFR, jdk.ExecutionSample)\n\n").append(run.profiles);
        }
        System.out.println();
        System.out.println(run.table.markdown());
        Path results = run.root.resolve("bench/results");
        Files.createDirectories(results);
        Path file = results.resolve(when + ".md");
        Files.writeString(file, md);
        System.out.println("written to " + file);
    }

    String gitHead() {
        try {
            Process p = new ProcessBuilder("git", "-C", run.root.toString(), "rev-parse", "--short", "HEAD")
                    .redirectErrorStream(true).start();
            String head = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? head : "?";
        } catch (Exception e) {
            return "?";
        }
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    /** The service settings this run was given through the environment (tuning experiments). */
    static String environment() {
        StringBuilder s = new StringBuilder();
        System.getenv().entrySet().stream()
                .filter(e -> e.getKey().startsWith("JOURNEY_") || e.getKey().startsWith("KAFKA_STREAMS_")
                        || e.getKey().startsWith("CONSISTENCY_"))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> s.append(", ").append(e.getKey()).append('=').append(e.getValue()));
        return s.toString();
    }
}
