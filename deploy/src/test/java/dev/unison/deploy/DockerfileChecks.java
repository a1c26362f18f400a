package dev.unison.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** What a service's Dockerfile must do: copy the Quarkus fast-jar its module builds and expose the service's port. */
final class DockerfileChecks {

    /** The four parts of target/quarkus-app, the layout `mvn package` writes for a fast-jar. */
    static final List<String> FAST_JAR = List.of("target/quarkus-app/lib/", "target/quarkus-app/*.jar",
            "target/quarkus-app/app/", "target/quarkus-app/quarkus/");

    private DockerfileChecks() {
    }

    static List<String> check(Path dockerfile, Repo.AppService app) {
        return check(Repo.read(dockerfile), app);
    }

    static List<String> check(String text, Repo.AppService app) {
        List<String> problems = new ArrayList<>();
        String name = app.module() + " Dockerfile";
        List<String[]> instructions = instructions(text);
        if (instructions.isEmpty() || !instructions.get(0)[0].equals("FROM")) {
            problems.add(name + " does not start with FROM");
        }
        List<String> copied = new ArrayList<>();
        boolean exposed = false;
        boolean entrypoint = false;
        for (String[] instruction : instructions) {
            switch (instruction[0]) {
                case "COPY", "ADD" -> {
                    for (String word : instruction[1].split("\\s+")) {
                        if (!word.startsWith("--")) {
                            copied.add(word);
                        }
                    }
                }
                case "EXPOSE" -> exposed |= List.of(instruction[1].split("\\s+")).contains(String.valueOf(app.port()));
                case "ENTRYPOINT", "CMD" -> entrypoint = true;
                default -> { }
            }
        }
        for (String part : FAST_JAR) {
            if (!copied.contains(part)) {
                problems.add(name + " does not copy " + part);
            }
        }
        if (!exposed) {
            problems.add(name + " does not EXPOSE " + app.port());
        }
        if (!entrypoint) {
            problems.add(name + " has no ENTRYPOINT or CMD");
        }
        // The fast-jar is what the module builds: a Quarkus application with the default package type.
        String pom = Repo.read(Repo.path(app.module() + "/pom.xml"));
        if (!pom.contains("<artifactId>quarkus-maven-plugin</artifactId>")) {
            problems.add(app.module() + " does not build with quarkus-maven-plugin, so there is no target/quarkus-app");
        }
        Properties props = Repo.properties(Repo.path(app.module() + "/src/main/resources/application.properties"));
        String type = props.getProperty("quarkus.package.jar.type", "fast-jar");
        if (!type.equals("fast-jar")) {
            problems.add(app.module() + " packages a " + type + ", the Dockerfile copies a fast-jar");
        }
        return problems;
    }

    /** Instructions as {KEYWORD, arguments}, comments dropped and continuation lines joined. */
    static List<String[]> instructions(String text) {
        List<String[]> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String instruction = current.toString().trim();
            current.setLength(0);
            if (instruction.isEmpty()) {
                continue;
            }
            String[] parts = instruction.split("\\s+", 2);
            out.add(new String[] {parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""});
        }
        return out;
    }
}
