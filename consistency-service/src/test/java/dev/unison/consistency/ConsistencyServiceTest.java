package dev.unison.consistency;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.Alert;
import dev.unison.contracts.Topics;
import dev.unison.testsupport.KafkaTestClient;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.unison.consistency.Events.answer;
import static dev.unison.consistency.Events.bugReport;
import static dev.unison.consistency.Events.contract;
import static dev.unison.consistency.Events.message;
import static dev.unison.consistency.Events.provided;
import static dev.unison.consistency.Events.release;
import static dev.unison.consistency.Events.reply;
import static dev.unison.consistency.Events.request;
import static dev.unison.consistency.Events.requested;
import static dev.unison.consistency.Events.touch;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;

/** The packaged service against the real broker: REST for rules, facts and state, and a scripted journey. */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "database", value = "false"))
class ConsistencyServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    /**
     * Ready (the streams running, or rebalancing within the grace), live and the stores queryable: two stream threads
     * may rebalance once more while the second joins.
     */
    private static void awaitRunning() {
        await().atMost(WAIT).untilAsserted(() -> {
            given().get("/q/health").then().statusCode(200);
            given().get("/rules").then().statusCode(200);
        });
    }

    @Test
    void healthReportsTheStreamsAndOpenApiDescribesTheEndpoints() {
        awaitRunning();
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.name", hasItem(containsString("Kafka Streams")));
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/rules/{rule}"), containsString("/facts/{question}"),
                        containsString("/customers/{id}/state"));
    }

    @Test
    void rulesAreReadAndChangedThroughTheCompactedTopic() {
        awaitRunning();
        given().get("/rules").then().statusCode(200).body("rule", hasSize(8));
        given().get("/rules/renewal-only-contact").then().statusCode(200)
                .body("settings.noticePeriod", equalTo("P30D"), "settings.lookBack", equalTo("P90D"));

        given().contentType(ContentType.JSON).body(Map.of("noticePeriod", "P45D"))
                .put("/rules/renewal-only-contact").then().statusCode(200)
                .body("settings.noticePeriod", equalTo("P45D"), "settings.lookBack", equalTo("P90D"));
        // every instance reads the change from cx.rules.v1
        await().atMost(WAIT).untilAsserted(() -> given().get("/rules/renewal-only-contact").then()
                .body("settings.noticePeriod", equalTo("P45D")));
        var announced = KafkaTestClient.await(Topics.RULES,
                r -> "renewal-only-contact".equals(KafkaTestClient.text(r.key())), 1, WAIT);
        assertThat(announced).isNotEmpty();
        // who changed it, for the audit log: the caller's token (RestAssured's default: user "tester")
        assertThat(dev.unison.contracts.ChangeHeaders.read(announced.get(announced.size() - 1).headers(),
                dev.unison.contracts.ChangeHeaders.ACTOR)).isEqualTo("tester");

        given().contentType(ContentType.JSON).body(Map.of("threshold", 1)).put("/rules/duplicate-outreach")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/threshold"));
        given().contentType(ContentType.JSON).body(Map.of("window", "P1D")).put("/rules/automation-loop")
                .then().statusCode(400).body("errors[0].pointer", equalTo("/window"));
        given().contentType(ContentType.JSON).body(Map.of("enabled", false)).put("/rules/no-such-rule")
                .then().statusCode(404).contentType("application/problem+json");

        // a record on the rules topic that is not settings is skipped: the next change is still read
        KafkaTestClient.send(Topics.RULES, "not-settings", "{broken");
        given().contentType(ContentType.JSON).body(Map.of("noticePeriod", "P30D"))
                .put("/rules/renewal-only-contact").then().statusCode(200);
        await().atMost(WAIT).untilAsserted(() -> given().get("/rules/renewal-only-contact").then()
                .body("settings.noticePeriod", equalTo("P30D")));
    }

    @Test
    void factsAreRegisteredReadAndWithdrawn() {
        awaitRunning();
        String question = "support-hours-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(Map.of("answer", "twenty four hours", "registeredBy", "cx-lead"))
                .put("/facts/" + question).then().statusCode(200)
                .body("reading.type", equalTo("quantity"), "reading.unit", equalTo("hour"), "reading.low", equalTo("24"),
                        "reading.means", equalTo("24 hours"), "question", equalTo(question));
        given().contentType(ContentType.JSON).body(Map.of("answer", "a day", "value", Map.of("type", "quantity")))
                .put("/facts/" + question).then().statusCode(400)
                .body("errors.pointer", hasItem("/value"));
        await().atMost(WAIT).untilAsserted(() -> given().get("/facts/" + question).then().statusCode(200)
                .body("answer", equalTo("twenty four hours")));
        given().get("/facts").then().statusCode(200).body("question", hasItem(question));

        given().delete("/facts/" + question).then().statusCode(204);
        await().atMost(WAIT).untilAsserted(() -> given().get("/facts/" + question).then().statusCode(404));
        given().contentType(ContentType.JSON).body(Map.of("answer", " ")).put("/facts/Bad Key")
                .then().statusCode(400).body("errors.pointer", hasItem("/answer"));
    }

    @Test
    void aScriptedMultiDepartmentJourneyProducesExactlyTheExpectedAlerts() {
        awaitRunning();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String a = "anna-" + run;
        String b = "ben-" + run;
        String c = "cleo-" + run;
        String refund = "refund-window-" + run;
        String price = "plan-price-" + run;
        OffsetDateTime t = OffsetDateTime.now(ZoneOffset.UTC).minusDays(20).truncatedTo(ChronoUnit.SECONDS);

        given().contentType(ContentType.JSON).body(Map.of("answer", "$49")).put("/facts/" + price)
                .then().statusCode(200);
        await().atMost(WAIT).untilAsserted(() -> given().get("/facts/" + price).then().statusCode(200));

        // Anna: the website contradicts support and billing, billing asks for what support already has, a ticket maze
        ObjectNode webAnswer = answer(a, "web", t.plusHours(2), refund, "14 days");
        KafkaEvents.send(Topics.TOUCHES,
                answer(a, "support", t, refund, "30 days"),
                answer(a, "billing", t.plusHours(1), refund, "thirty days"),
                webAnswer,
                answer(a, "support", t.plusHours(3), price, "49 dollars"),
                provided(a, "support", t.plusHours(4), "iban"),
                touch("case-opened", a, "support", t.plusDays(1), Map.of("caseId", "k1-" + run, "issueKey", "inv")),
                touch("case-transferred", a, "support", t.plusDays(1).plusHours(1),
                        Map.of("caseId", "k1-" + run, "fromDepartment", "support", "toDepartment", "billing")),
                touch("case-opened", a, "billing", t.plusDays(2), Map.of("caseId", "k2-" + run, "issueKey", "inv")),
                // near-miss: renewal outreach after other recent contact
                contract(a, t, "2027-06-01"),
                message(a, "account-management", t.plusDays(3), "renewal-offer", "renewal"));
        // billing's request comes in binary mode
        KafkaEvents.sendBinary(Topics.TOUCHES, requested(a, "billing", t.plusDays(2), "iban"));
        // a replay and an unreadable record change nothing
        KafkaEvents.send(Topics.TOUCHES, webAnswer);
        KafkaTestClient.send(Topics.TOUCHES, a, "{not json");
        List<Alert> anna = KafkaEvents.alerts(Topics.ALERTS, Set.of(a), 4, WAIT);
        assertThat(anna).hasSize(4);

        // Ben: sales tells him otherwise than support and billing told Anna, billing departs from the canonical price, duplicate outreach
        KafkaEvents.send(Topics.TOUCHES,
                answer(b, "sales", t.plusHours(5), refund, "14 days"),
                answer(b, "billing", t.plusHours(6), price, "$59"),
                message(b, "marketing", t.plusDays(1), "spring-offer", "marketing"),
                message(b, "sales", t.plusDays(1).plusHours(4), "spring-offer", "sales"));
        // Cleo: renewal-only contact, then a bot loop, and an unanswered bug report over two releases
        KafkaEvents.send(Topics.TOUCHES,
                contract(c, t, "2027-06-01"),
                message(c, "account-management", t.plusDays(1), "renewal-offer", "renewal"),
                request(c, t.plusDays(2)), reply(c, t.plusDays(2).plusMinutes(1), true),
                request(c, t.plusDays(3)), reply(c, t.plusDays(3).plusMinutes(1), true),
                request(c, t.plusDays(4)), reply(c, t.plusDays(4).plusMinutes(1), true));
        KafkaEvents.send(Topics.FEEDBACK, bugReport(c, t.plusDays(1), "BUG-" + run),
                release(t.plusDays(5), "r1-" + run), release(t.plusDays(6), "r2-" + run));

        Set<String> customers = Set.of(a, b, c);
        List<Alert> alerts = KafkaEvents.alerts(Topics.ALERTS, customers, 11, WAIT);
        assertThat(alerts).extracting(x -> x.rule() + " " + x.customerId() + " " + x.departments())
                .containsExactlyInAnyOrder(
                        "conflicting-answers " + a + " [support, web]",
                        "conflicting-answers " + a + " [billing, web]",
                        "repeated-info-request " + a + " [billing, support]",
                        "ticket-maze " + a + " [billing, support]",
                        "conflicting-answers " + b + " [sales, support]",
                        "conflicting-answers " + b + " [billing, sales]",
                        "conflicting-answers " + b + " [billing]",
                        "duplicate-outreach " + b + " [marketing, sales]",
                        "renewal-only-contact " + c + " [account-management]",
                        "automation-loop " + c + " [support]",
                        "unacknowledged-bug " + c + " [product, support]");
        assertThat(alerts).extracting(Alert::alertId).doesNotHaveDuplicates();
        assertThat(alerts).allSatisfy(x -> {
            assertThat(x.summary()).isNotBlank().endsWith(".");
            assertThat(x.evidence()).isNotEmpty();
            assertThat(x.fingerprint()).startsWith(x.rule() + ":");
            assertThat(x.detectedAt()).isNotNull();
        });
        assertThat(alerts).filteredOn(x -> x.rule().equals("conflicting-answers")
                        && x.departments().equals(List.of("billing"))).singleElement()
                .satisfies(x -> assertThat(x.summary()).contains("$59", "canonical answer \"$49\""));

        // and no others: nothing more arrives while the journey's events are long processed
        assertThat(KafkaEvents.alerts(Topics.ALERTS, customers, 12, Duration.ofSeconds(10))).hasSize(11);

        // what the detectors know of Anna, by interactive query
        given().get("/customers/" + a + "/state").then().statusCode(200)
                .body("$", hasKey("conflicting-answers"), "$", hasKey("repeated-info-request"),
                        "$", hasKey("ticket-maze"))
                .body("'conflicting-answers'.'" + refund + "'.byDepartment.web.reading.means", equalTo("14 days"))
                .body("'repeated-info-request'.provided.iban.department", equalTo("support"));
        given().get("/customers/" + c + "/state").then().statusCode(200)
                .body("'unacknowledged-bug'.'BUG-" + run + "'.alerted", equalTo(true));
        given().get("/customers/nobody-" + run + "/state").then().statusCode(404);

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("unison_alerts_total{rule=\"automation-loop\"}"),
                        containsString("outcome=\"duplicate\""), containsString("outcome=\"invalid\""),
                        containsString("unison_answers_read_total{outcome=\"read\"}"));
    }
}
