package dev.unison.journey;

import dev.unison.testsupport.TestTokens;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

/**
 * Runs the client examples of examples/ as a user would (a single-file Java program, kcat, curl) against the real
 * broker and this service, and checks the root README shows each file as it is.
 */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class ExamplesTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    @TestHTTPResource("/")
    URL journey;

    @Test
    void theKafkaClientsProducerPublishesATouchThatIsStored() throws Exception {
        String classpath = jarOf(KafkaProducer.class) + File.pathSeparator + jarOf(org.slf4j.Logger.class);
        run(Map.of(), javaCommand(), "-cp", classpath, EXAMPLES.resolve("kafka-clients/CrmPublisher.java").toString(),
                bootstrap());
        awaitStored("C-42", "crm-81723");
    }

    @Test
    void theKcatLinesPublishInStructuredAndBinaryModeAndBothAreStored() throws Exception {
        Assumptions.assumeTrue(onPath("kcat"), "kcat is not installed (.ci/run installs it)");
        run(Map.of("BOOTSTRAP", bootstrap()), EXAMPLES.resolve("kcat/publish-structured.sh").toString());
        run(Map.of("BOOTSTRAP", bootstrap()), EXAMPLES.resolve("kcat/publish-binary.sh").toString());
        awaitStored("C-43", "web-5521");
        awaitStored("C-43", "billing-9001");
    }

    @Test
    void theCurlCallsAreAcceptedAndShowTheJourney() throws Exception {
        String base = journey.toString().replaceAll("/$", "");
        String out = run(Map.of("JOURNEY", base, "PUBLISHER_TOKEN", TestTokens.withRoles("publisher"),
                "ANALYST_TOKEN", TestTokens.withRoles("analyst")), EXAMPLES.resolve("curl/touches.sh").toString());
        assertThat(out).contains("\"accepted\":1", "support-311");
        awaitStored("C-44", "support-311");
    }

    @Test
    void theReadmeShowsEveryExampleFileAsItIs() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (String file : List.of("kafka-clients/CrmPublisher.java", "kcat/publish-structured.sh",
                "kcat/publish-binary.sh", "curl/touches.sh", "webhook-receiver/WebhookReceiver.java")) {
            assertThat(readme).as("README.md shows examples/%s verbatim", file)
                    .contains(Files.readString(EXAMPLES.resolve(file)));
        }
    }

    private static void awaitStored(String customer, String eventId) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().queryParam("limit", 100).when().get("/customers/{id}/journey", customer)
                        .then().statusCode(200).body("items.id", hasItem(eventId)));
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command, fails with its output unless it exits 0 within a minute, and returns its output. */
    private static String run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command[command.length - 1]).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("exit code of %s; output:%n%s", String.join(" ", command), text).isZero();
        return text;
    }
}
