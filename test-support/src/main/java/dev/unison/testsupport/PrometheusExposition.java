package dev.unison.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import static io.restassured.RestAssured.given;

/**
 * A service's {@code /q/metrics} as Prometheus scrapes it, checked by {@code promtool check metrics} (Debian's
 * prometheus package): fetched in the text format 0.0.4 that Prometheus asks for, with a token of the role
 * {@code metrics} (Prometheus' own), it must parse, and no {@code unison_*} family may have a lint problem. The
 * framework's own families (Netty's, the JVM's) are left to their authors.
 */
public final class PrometheusExposition {
    /** The Accept header of a Prometheus scrape that takes the classic text format. */
    public static final String TEXT_0_0_4 = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusExposition() {
    }

    /** True where promtool is on the PATH (the CI installs it; a developer's machine may not have it). */
    public static boolean promtoolInstalled() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "promtool")));
    }

    /**
     * Checks the running test service: its exposition holds Unison's families and promtool finds nothing wrong with
     * them. Skipped (an assumption) where promtool is not installed.
     */
    public static void assertPrometheusReadsIt() throws IOException, InterruptedException {
        Assumptions.assumeTrue(promtoolInstalled(), "promtool is not installed (.ci/run installs it)");
        String exposition = scrape();
        if (!exposition.contains("# TYPE unison_")) {
            throw new AssertionError("no unison_* family in /q/metrics:\n" + exposition);
        }
        List<String> problems = problems(exposition);
        if (!problems.isEmpty()) {
            throw new AssertionError("promtool check metrics: " + problems);
        }
    }

    /** The running test service's exposition, fetched as Prometheus fetches it. */
    public static String scrape() {
        return given().auth().oauth2(TestTokens.withRoles("metrics")).accept(TEXT_0_0_4)
                .when().get("/q/metrics")
                .then().statusCode(200).extract().asString();
    }

    /**
     * promtool's findings on the exposition that concern Unison's families, plus any parse error: empty when
     * Prometheus reads it and the lint finds nothing of ours.
     */
    public static List<String> problems(String exposition) throws IOException, InterruptedException {
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = promtool.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!promtool.waitFor(60, TimeUnit.SECONDS)) {
            promtool.destroyForcibly();
            throw new IllegalStateException("promtool check metrics did not finish in 60 s");
        }
        return out.lines().filter(line -> line.startsWith("unison_") || line.contains("error")).toList();
    }
}
