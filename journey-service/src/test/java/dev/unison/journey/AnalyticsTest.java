package dev.unison.journey;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.Topics;
import dev.unison.testsupport.KafkaTestClient;
import dev.unison.testsupport.TestTokens;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.filter.log.LogDetail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/** Analytics over a known data set in a period no other test writes to (January 2025). */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class AnalyticsTest {
    private static final OffsetDateTime T0 = OffsetDateTime.of(2025, 1, 10, 8, 0, 0, 0, ZoneOffset.UTC);
    private static final String FROM = "2025-01-01";
    private static final String TO = "2025-02-01";

    private static boolean loaded;

    @BeforeEach
    void knownDataSet() {
        if (loaded) {
            return;
        }
        loaded = true;
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails(LogDetail.ALL);
        String a = TouchEvents.customer();
        String b = TouchEvents.customer();
        List<ObjectNode> events = new ArrayList<>();
        // support: 3 phone contacts, 1 email answer; sales: 2 email messages; billing: 1 chat contact
        for (int i = 0; i < 3; i++) {
            events.add(TouchEvents.touch("contact", i < 2 ? a : b, "support", T0.plusMinutes(i),
                    Map.of("purpose", "service", "channel", "phone")));
        }
        events.add(TouchEvents.touch("answer-given", a, "support", T0.plusMinutes(3),
                Map.of("question", "refund-window", "answer", "30 days")));
        events.add(TouchEvents.touch("message-sent", a, "sales", T0.plusMinutes(4),
                Map.of("contentKey", "promo-1", "purpose", "marketing")));
        events.add(TouchEvents.touch("message-sent", b, "sales", T0.plusMinutes(5),
                Map.of("contentKey", "promo-1", "purpose", "marketing")));
        events.add(TouchEvents.touch("contact", b, "billing", T0.plusMinutes(6),
                Map.of("purpose", "billing", "channel", "chat")));
        // hand-offs: support→billing twice, billing→it once, support→it once
        events.add(handoff(a, "support", "billing", 7));
        events.add(handoff(b, "support", "billing", 8));
        events.add(handoff(b, "billing", "it", 9));
        events.add(handoff(a, "support", "it", 10));
        // outside the period: must not count
        events.add(TouchEvents.contact(a, "support", T0.minusMonths(1)));
        events.add(handoff(a, "it", "support", -60 * 24 * 20));

        // half by REST, half straight to Kafka
        given().contentType(CloudEventCodec.BATCH_CONTENT_TYPE).body(events.subList(0, 6).toString())
                .when().post("/touches").then().statusCode(202);
        events.subList(6, events.size()).forEach(e -> KafkaTestClient.send(CloudEventCodec.toKafka(Topics.TOUCHES, e)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().queryParam("from", FROM).queryParam("to", TO).when().get("/analytics/touches")
                        .then().statusCode(200).body("total", is(11)));
    }

    private static ObjectNode handoff(String customer, String from, String to, int minutes) {
        return TouchEvents.touch("case-transferred", customer, from, T0.plusMinutes(minutes),
                Map.of("caseId", "K-" + customer + minutes, "fromDepartment", from, "toDepartment", to));
    }

    @Test
    void countsByDepartment() {
        given().queryParam("from", FROM).queryParam("to", TO).queryParam("groupBy", "department")
                .when().get("/analytics/touches").then().statusCode(200)
                .body("groupBy", contains("department"))
                .body("groups.department", contains("support", "billing", "sales"))
                .body("groups.count", contains(7, 2, 2));
    }

    @Test
    void countsByDepartmentChannelAndKind() {
        given().queryParam("from", FROM).queryParam("to", TO).queryParam("groupBy", "channel,department")
                .when().get("/analytics/touches").then().statusCode(200)
                .body("groupBy", contains("department", "channel"))
                .body("groups.find { it.department == 'support' && it.channel == 'phone' }.count", is(3))
                .body("groups.find { it.department == 'support' && it.channel == 'email' }.count", is(4))
                .body("groups.find { it.department == 'billing' && it.channel == 'chat' }.count", is(1));
        given().queryParam("from", FROM).queryParam("to", TO).queryParam("groupBy", "kind")
                .when().get("/analytics/touches").then().statusCode(200)
                .body("groups.kind", contains("case-transferred", "contact", "message-sent", "answer-given"))
                .body("groups.count", contains(4, 4, 2, 1));
    }

    @Test
    void customersTouchedPerWeekByDepartmentAndByTheCompany() {
        given().auth().oauth2(TestTokens.withRoles("ops")).queryParam("from", FROM).queryParam("to", TO)
                .when().get("/analytics/customers-touched").then().statusCode(200)
                .body("weeks.week", contains("2025-W02"))
                .body("weeks[0].customers", is(2))
                .body("weeks[0].byDepartment", is(Map.of("billing", 1, "sales", 2, "support", 2)));
        // a period that cuts the week counts the touches inside it: five minutes of support and one sales message
        given().queryParam("from", "2025-01-10T08:00:00Z").queryParam("to", "2025-01-10T08:05:00Z")
                .when().get("/analytics/customers-touched").then().statusCode(200)
                .body("weeks[0].customers", is(2))
                .body("weeks[0].byDepartment", is(Map.of("sales", 1, "support", 2)));
        given().queryParam("from", "2025-03-01").queryParam("to", "2025-03-02")
                .when().get("/analytics/customers-touched").then().statusCode(200).body("weeks", hasSize(0));
        given().queryParam("from", TO).queryParam("to", FROM).when().get("/analytics/customers-touched")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void handoffMatrix() {
        given().queryParam("from", FROM).queryParam("to", TO).when().get("/analytics/handoffs")
                .then().statusCode(200)
                .body("total", is(4))
                .body("departments", contains("billing", "it", "support"))
                .body("matrix[0]", contains(0, 1, 0))
                .body("matrix[1]", contains(0, 0, 0))
                .body("matrix[2]", contains(2, 1, 0));
    }

    @Test
    void unknownGroupAndInvertedPeriodAreRejected() {
        given().queryParam("groupBy", "mood").when().get("/analytics/touches").then().statusCode(400)
                .contentType("application/problem+json");
        given().queryParam("from", TO).queryParam("to", FROM).when().get("/analytics/handoffs").then().statusCode(400);
    }
}
