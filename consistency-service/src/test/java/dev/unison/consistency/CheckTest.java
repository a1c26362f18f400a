package dev.unison.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.Alert;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.EventTypes;
import dev.unison.contracts.Topics;
import dev.unison.simulator.Scenario;
import dev.unison.simulator.Story;
import dev.unison.testsupport.EmbeddedKafka;
import dev.unison.testsupport.TestTokens;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * {@code POST /check} agrees with the detectors: for every story of the simulator's scripted scenario, checking the
 * event that completes it (its last one but the closing survey) before sending it predicts exactly the alerts that
 * sending it then raises, word for word; a calm story's and an agreeing draft answer ok; and a check changes nothing
 * (the state reads the same before and after it, and no alert appears until the event is sent).
 */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "database", value = "false"))
class CheckTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path EXAMPLES = Path.of("..", "examples");
    @Test
    void everyScriptedStoryIsPredictedExactlyByCheckingItsLastEvent() {
        awaitRunning();
        // wall-clock checks must not race the story's last event: the renewal date stays outside the notice period,
        // and the automation loop's grace period is long while its exchanges are taken in (so no wall-clock check
        // falls due) and back to 15 minutes before the customer writes again (so the last event raises it)
        rule("renewal-only-contact", Map.of("noticePeriod", "P10D"));
        try {
            playAndPredict(Scenario.scripted(19, 1));
        } finally {
            // back to the built-in settings for the other tests of the module
            rule("renewal-only-contact", Map.of("noticePeriod", "P30D"));
            rule("automation-loop", Map.of("gracePeriod", "PT15M"));
        }
    }

    private static void playAndPredict(List<Story> stories) {
        Set<String> covered = new HashSet<>();
        for (Story story : stories) {
            List<ObjectNode> events = story.allEvents();
            int last = lastDecisive(events);
            if (story.name().equals("automation-loop")) {
                rule("automation-loop", Map.of("gracePeriod", "P1D"));
            }
            send(events.subList(0, last));
            if (story.name().equals("automation-loop")) {
                Quiet.awaitQuiet(); // the exchanges taken in under the long grace period, then back to 15 minutes
                rule("automation-loop", Map.of("gracePeriod", "PT15M"));
            }
            Quiet.awaitQuiet();

            String customer = story.customerId();
            List<JsonNode> before = alertsOf(customer);
            String stateBefore = state(customer);
            JsonNode draft = events.get(last);
            JsonNode answer = check(draft);
            JsonNode again = check(draft);
            assertThat(again).as("a check is repeatable").isEqualTo(answer);
            assertThat(state(customer)).as("a check changes no state of %s", customer).isEqualTo(stateBefore);
            assertThat(alertsOf(customer)).as("a check raises no alert for %s", customer).isEqualTo(before);

            List<JsonNode> findings = new ArrayList<>();
            answer.path("findings").forEach(findings::add);
            assertThat(answer.path("ok").asBoolean()).isEqualTo(findings.isEmpty());
            Set<String> customers = new HashSet<>(Set.of(customer));
            findings.forEach(f -> customers.add(f.path("customerId").asText()));
            Map<String, List<JsonNode>> earlier = new HashMap<>();
            customers.forEach(c -> earlier.put(c, alertsOf(c)));

            send(events.subList(last, events.size()));
            Quiet.awaitQuiet();
            List<JsonNode> raised = new ArrayList<>();
            customers.forEach(c -> {
                List<JsonNode> now = new ArrayList<>(alertsOf(c));
                earlier.get(c).forEach(now::remove);
                raised.addAll(now);
            });
            assertThat(raised).as("what sending the last event of story %s raised", story.name())
                    .containsExactlyInAnyOrderElementsOf(findings);
            for (Story.ExpectedAlert expected : story.expected()) {
                assertThat(findings).as("story %s", story.name()).anySatisfy(f -> {
                    assertThat(f.path("rule").asText()).isEqualTo(expected.rule());
                    assertThat(f.path("customerId").asText()).isEqualTo(expected.customerId());
                });
                covered.add(expected.rule());
            }
            if (story.calm()) {
                assertThat(findings).as("the calm story's last event").isEmpty();
                assertThat(answer.path("ok").asBoolean()).isTrue();
            }
        }
        assertThat(covered).as("a story of every rule with one").hasSize(stories.size() - 1);
    }

    @Test
    void aDraftThatAgreesAnswersOkAndOneThatContradictsNamesTheEarlierAnswer() {
        awaitRunning();
        String customer = "check-" + UUID.randomUUID();
        ObjectNode earlier = Events.answer(customer, "support", Events.T0, "cancellation-notice", "30 days");
        send(List.of(earlier));
        Quiet.awaitQuiet();

        ObjectNode agreeing = Events.answer(customer, "billing", Events.T0.plusHours(1), "cancellation-notice",
                "thirty days");
        post(given(), agreeing.toString()).then().statusCode(200).body("ok", equalTo(true), "findings.size()",
                equalTo(0));

        ObjectNode contradicting = Events.answer(customer, "billing", Events.T0.plusHours(1), "cancellation-notice",
                "14 days");
        post(given(), contradicting.toString()).then().statusCode(200).body("ok", equalTo(false),
                        "findings.rule", hasItem("conflicting-answers"),
                        "findings[0].summary", equalTo("Support told customer " + customer
                                + " \"30 days\" about cancellation-notice but billing told them \"14 days\": agree on "
                                + "one answer and correct it with the customer."),
                        "findings[0].evidence.id", hasItem(earlier.path("id").asText()));
    }

    @Test
    void aDraftIsValidatedAsTheTopicsEventsAreAndMembersCheckTheirOwnDepartment() {
        awaitRunning();
        ObjectNode bad = Events.answer("check-bad", "sales", Events.T0, "refund-window", "30 days");
        ((ObjectNode) bad.get("data")).put("channel", "pigeon");
        bad.remove("source");
        given().contentType(ContentType.JSON).body(bad.toString()).post("/check")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", hasItem("/data/channel"), "errors.pointer", hasItem("/source"));
        given().contentType(ContentType.JSON).body("{\"type\": \"cx.touch.nothing\"").post("/check")
                .then().statusCode(400).contentType("application/problem+json");

        String sales = TestTokens.member("sales");
        ObjectNode salesDraft = Events.answer("check-member", "sales", Events.T0, "refund-window", "30 days");
        post(given().auth().oauth2(sales), salesDraft.toString()).then().statusCode(200).body("ok", equalTo(true));
        ObjectNode supportDraft = Events.answer("check-member", "support", Events.T0, "refund-window", "30 days");
        given().auth().oauth2(sales).contentType(ContentType.JSON).body(supportDraft.toString()).post("/check")
                .then().statusCode(403).contentType("application/problem+json");
        post(given().auth().oauth2(TestTokens.withRoles("publisher")), supportDraft.toString()).then().statusCode(200);
    }

    @Test
    void theExampleClientsShowTheFindingsAndTheReadmesShowThemAsTheyAre() throws Exception {
        awaitRunning();
        // the customer of both examples heard "30 days" from support; the drafts say "14 days"
        send(List.of(Events.answer("C-45", "support", Events.T0, "refund-window", "30 days")));
        Quiet.awaitQuiet();
        String base = "http://localhost:" + io.restassured.RestAssured.port;
        String token = TestTokens.withRoles("publisher");
        String curl = run(Map.of("CONSISTENCY", base, "TOKEN", token), EXAMPLES.resolve("curl/check.sh").toString());
        assertThat(curl).contains("\"ok\":false", "\"rule\":\"conflicting-answers\"",
                "Support told customer C-45 \\\"30 days\\\" about refund-window but sales told them \\\"14 days\\\"");
        String java = run(Map.of("UNISON_TOKEN", token), Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), EXAMPLES.resolve("check-client/PreSendCheck.java").toString(), base);
        assertThat(java).startsWith("before you send, look at: ")
                .contains("but billing told them \\\"14 days\\\"");
        for (Path readme : List.of(Path.of("README.md"), Path.of("..", "README.md"))) {
            String text = Files.readString(readme);
            for (String file : List.of("curl/check.sh", "check-client/PreSendCheck.java")) {
                assertThat(text).as("%s shows examples/%s verbatim", readme, file)
                        .contains(Files.readString(EXAMPLES.resolve(file)));
            }
        }
    }

    /** Runs a command, fails with its output unless it exits 0 within a minute, and returns its output. */
    private static String run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", String.join(" ", command)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("exit code of %s; output:%n%s", String.join(" ", command), text).isZero();
        return text;
    }

    /** The index of the event that completes the story: its last one but the survey the simulator closes it with. */
    private static int lastDecisive(List<ObjectNode> events) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (!EventTypes.SURVEY.equals(events.get(i).path("type").asText())) {
                return i;
            }
        }
        throw new IllegalArgumentException("a story of surveys only");
    }

    private static JsonNode check(JsonNode draft) {
        return read(post(given(), draft.toString()).then().statusCode(200).contentType(ContentType.JSON).extract()
                .asString());
    }

    /** POST /check, asked again while the stores move between the stream threads (503 with Retry-After). */
    private static io.restassured.response.Response post(io.restassured.specification.RequestSpecification as,
                                                         String draft) {
        io.restassured.response.Response[] answer = new io.restassured.response.Response[1];
        await().atMost(WAIT).until(() -> {
            answer[0] = as.contentType("application/cloudevents+json").body(draft).post("/check");
            return answer[0].statusCode() != 503;
        });
        return answer[0];
    }

    private static String state(String customer) {
        return given().get("/customers/{id}/state", customer).then().extract().asString();
    }

    private static void send(List<ObjectNode> events) {
        for (ObjectNode e : events) {
            String topic = e.path("type").asText().startsWith(EventTypes.TOUCH_PREFIX) ? Topics.TOUCHES
                    : Topics.FEEDBACK;
            KafkaEvents.send(topic, e);
        }
    }

    private static void rule(String rule, Map<String, String> settings) {
        given().contentType(ContentType.JSON).body(settings).put("/rules/" + rule).then().statusCode(200);
        settings.forEach((name, value) -> await().atMost(WAIT).untilAsserted(() ->
                given().get("/rules/" + rule).then().body("settings." + name, equalTo(value))));
    }

    /** Until the streams run and their stores answer (a check answers 503 while they rebalance, as it should). */
    private static void awaitRunning() {
        String innocuous = Events.touch("case-closed", "check-warm-up", "support", Events.T0, Map.of("caseId", "K-1"))
                .toString();
        await().atMost(WAIT).untilAsserted(() -> {
            given().get("/q/health").then().statusCode(200);
            given().get("/rules").then().statusCode(200);
            given().contentType(ContentType.JSON).body(innocuous).post("/check").then().statusCode(200);
        });
    }

    /** Every alert of the customer on cx.alerts.v1 so far, in order, as JSON. */
    private static List<JsonNode> alertsOf(String customer) {
        List<JsonNode> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ALERTS, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("cx.alerts.v1 not read to its end within " + WAIT);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && customer.equals(new String(r.key()))) {
                        Alert alert = EventJson.toAlert(r.value());
                        found.add(EventJson.MAPPER.valueToTree(alert));
                    }
                }
            }
        }
        return found;
    }

    private static JsonNode read(String json) {
        try {
            JsonNode answer = EventJson.MAPPER.readTree(json);
            // each finding as the alert it predicts, read and written back as alerts on the topic are
            List<JsonNode> findings = new ArrayList<>();
            answer.path("findings").forEach(f -> findings.add(EventJson.MAPPER.valueToTree(
                    EventJson.convert(f, Alert.class))));
            ((ObjectNode) answer).set("findings", EventJson.MAPPER.valueToTree(findings));
            return answer;
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
