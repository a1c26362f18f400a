package dev.unison.consistency;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rooms of the service and which way they may lean: a package uses only packages of a lower floor, so no two
 * packages use each other (no cycle) and the rule model, the answers and the tuned store know nothing of Kafka
 * topologies, REST or services. Read from the sources: every {@code dev.unison.consistency.<package>.} they name.
 */
class PackageDependencyTest {
    /** Floors, lowest first; a package may use only packages on a lower floor. */
    static final Map<String, Integer> FLOORS = Map.ofEntries(
            Map.entry("answer", 0), Map.entry("store", 0), Map.entry("config", 0),
            Map.entry("rule", 1),
            Map.entry("detector", 2),
            Map.entry("catalogue", 3),
            Map.entry("messaging", 4),
            Map.entry("service", 5), Map.entry("health", 5),
            Map.entry("rest", 6));
    private static final Path SOURCES = Path.of("src/main/java/dev/unison/consistency");
    private static final Pattern USE = Pattern.compile("dev\\.unison\\.consistency\\.([a-z]+)\\.");

    @Test
    void everyPackageUsesOnlyPackagesOnALowerFloor() throws IOException {
        List<String> wrong = new ArrayList<>();
        TreeSet<String> packages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = SOURCES.relativize(file);
                assertThat(relative.getNameCount()).as("%s sits in a package of its own room", relative)
                        .isEqualTo(2);
                String from = relative.getName(0).toString();
                packages.add(from);
                Matcher use = USE.matcher(Files.readString(file));
                while (use.find()) {
                    String to = use.group(1);
                    if (!to.equals(from) && !(FLOORS.containsKey(from) && FLOORS.containsKey(to)
                            && FLOORS.get(to) < FLOORS.get(from))) {
                        wrong.add(relative + " uses " + to);
                    }
                }
            }
        }
        assertThat(FLOORS.keySet()).as("every package has a floor").containsAll(packages);
        assertThat(packages).contains("rule", "detector", "catalogue", "store", "service");
        assertThat(wrong).as("uses against the floors (a lower package must not use a higher one)").isEmpty();
    }
}
