package dev.unison.journey;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.CloudEventCodec;
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
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class JourneyQueryTest {
    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 3, 2, 9, 0, 0, 0, ZoneOffset.UTC);
    private static final String CUSTOMER = TouchEvents.customer();
    private static final List<String> IDS = new ArrayList<>();

    private static boolean loaded;

    @BeforeEach
    void journeyOfOneCustomer() {
        if (loaded) {
            return;
        }
        loaded = true;
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails(LogDetail.ALL);
        List<ObjectNode> events = List.of(
                TouchEvents.touch("contract-updated", CUSTOMER, "account-management", T0,
                        Map.of("contractId", "K-1", "renewsOn", "2026-09-30")),
                TouchEvents.touch("info-provided", CUSTOMER, "sales", T0.plusHours(1),
                        Map.of("fields", List.of("iban", "vat-number"), "direction", "inbound")),
                TouchEvents.touch("case-opened", CUSTOMER, "support", T0.plusHours(2),
                        Map.of("caseId", "C-1", "issueKey", "login")),
                TouchEvents.touch("case-transferred", CUSTOMER, "support", T0.plusHours(3),
                        Map.of("caseId", "C-1", "fromDepartment", "support", "toDepartment", "it")),
                TouchEvents.touch("case-opened", CUSTOMER, "billing", T0.plusHours(4),
                        Map.of("caseId", "C-2", "issueKey", "invoice")),
                TouchEvents.touch("case-closed", CUSTOMER, "billing", T0.plusHours(5), Map.of("caseId", "C-2")),
                TouchEvents.touch("info-provided", CUSTOMER, "billing", T0.plusHours(6),
                        Map.of("fields", List.of("iban"), "direction", "inbound")),
                TouchEvents.touch("contract-updated", CUSTOMER, "account-management", T0.plusHours(7),
                        Map.of("contractId", "K-1", "renewsOn", "2027-09-30")));
        events.forEach(e -> IDS.add(e.get("id").asText()));
        given().contentType(CloudEventCodec.BATCH_CONTENT_TYPE).body(events.toString()).when().post("/touches")
                .then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().queryParam("limit", 100).when().get("/customers/{id}/journey", CUSTOMER)
                        .then().statusCode(200).body("items.size()", is(8)));
    }

    @Test
    void pagesWalkTheWholeJourneyInTimeOrderWithoutGapsOrRepeats() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var page = given().queryParam("limit", 3).queryParam("cursor", cursor == null ? "" : cursor)
                    .when().get("/customers/{id}/journey", CUSTOMER).then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id", String.class));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(IDS);
    }

    @Test
    void newestFirstOnRequest() {
        given().queryParam("order", "desc").queryParam("limit", 2).when().get("/customers/{id}/journey", CUSTOMER)
                .then().statusCode(200).body("items.id", contains(IDS.get(7), IDS.get(6)));
    }

    @Test
    void filtersByDepartmentKindAndPeriod() {
        given().queryParam("department", "billing").when().get("/customers/{id}/journey", CUSTOMER)
                .then().statusCode(200).body("items.id", contains(IDS.get(4), IDS.get(5), IDS.get(6)));
        given().queryParam("kind", "case-opened").when().get("/customers/{id}/journey", CUSTOMER)
                .then().statusCode(200).body("items.id", contains(IDS.get(2), IDS.get(4)));
        given().queryParam("from", "2026-03-02T11:00:00Z").queryParam("to", "2026-03-02T13:00:00Z")
                .when().get("/customers/{id}/journey", CUSTOMER)
                .then().statusCode(200).body("items.id", contains(IDS.get(2), IDS.get(3)))
                .body("nextCursor", nullValue());
    }

    @Test
    void badQueryParametersAreNamed() {
        given().queryParam("from", "last tuesday").when().get("/customers/{id}/journey", CUSTOMER)
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("'from'"));
        given().queryParam("limit", 0).when().get("/customers/{id}/journey", CUSTOMER).then().statusCode(400);
        given().queryParam("cursor", "garbage").when().get("/customers/{id}/journey", CUSTOMER).then().statusCode(400);
    }

    @Test
    void summaryHasDepartmentsOpenCasesProvidedFieldsAndRenewal() {
        given().when().get("/customers/{id}/summary", CUSTOMER).then().statusCode(200)
                .body("lastContact", is("2026-03-02T16:00:00Z"))
                .body("departments.department", contains("account-management", "billing", "support", "sales"))
                .body("departments.find { it.department == 'billing' }.touches", is(3))
                .body("departments.find { it.department == 'billing' }.lastContact", is("2026-03-02T15:00:00Z"))
                .body("openCases.caseId", contains("C-1"))
                .body("openCases[0].department", is("it"))
                .body("openCases[0].transfers", is(1))
                .body("providedFields.field", containsInAnyOrder("iban", "vat-number"))
                .body("providedFields.find { it.field == 'iban' }.department", is("billing"))
                .body("renewsOn", is("2027-09-30"))
                .body("contract.contractId", is("K-1"));
    }

    @Test
    void pageIsWrittenByteForByteAsDocumented() {
        String customer = TouchEvents.customer();
        ObjectNode first = TouchEvents.touch("case-opened", customer, "support", T0.plusNanos(123_400_000),
                Map.of("caseId", "C-9", "issueKey", "login", "agent", Map.of("id", "a-1"), "note", "dropped"));
        ObjectNode second = TouchEvents.touch("answer-given", customer, "sales", T0.plusSeconds(1),
                Map.of("question", "refund-window", "answer", "30 \"days\" \u00e9", "value", Map.of("days", 30),
                        "initiatedBy", "customer"));
        given().contentType(CloudEventCodec.BATCH_CONTENT_TYPE)
                .body(List.of(first, second).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/touches").then().statusCode(202);
        String id1 = first.get("id").asText();
        String id2 = second.get("id").asText();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/customers/{id}/journey", customer).then().statusCode(200)
                        .body("items.size()", is(2)));
        String cursor = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("2026-03-02T09:00:00.123400Z\n/crm/support\n" + id1).getBytes(java.nio.charset.StandardCharsets.UTF_8));

        String page = given().queryParam("limit", 1).when().get("/customers/{id}/journey", customer)
                .then().statusCode(200).contentType("application/json").extract().asString();
        assertThat(page).isEqualTo("{\"customerId\":\"" + customer + "\",\"items\":[{\"id\":\"" + id1
                + "\",\"source\":\"/crm/support\",\"type\":\"cx.touch.case-opened\",\"kind\":\"case-opened\","
                + "\"time\":\"2026-03-02T09:00:00.1234Z\",\"department\":\"support\",\"channel\":\"email\","
                + "\"direction\":\"outbound\",\"initiatedBy\":\"company\",\"caseId\":\"C-9\",\"data\":{\"agent\": "
                + "{\"id\": \"a-1\", \"automated\": false}, \"caseId\": \"C-9\", \"channel\": \"email\", "
                + "\"issueKey\": \"login\", \"direction\": \"outbound\", \"customerId\": \"" + customer + "\", "
                + "\"department\": \"support\"}}],\"nextCursor\":\"" + cursor + "\"}");

        String last = given().queryParam("cursor", cursor).when().get("/customers/{id}/journey", customer)
                .then().statusCode(200).extract().asString();
        assertThat(last).isEqualTo("{\"customerId\":\"" + customer + "\",\"items\":[{\"id\":\"" + id2
                + "\",\"source\":\"/crm/sales\",\"type\":\"cx.touch.answer-given\",\"kind\":\"answer-given\","
                + "\"time\":\"2026-03-02T09:00:01Z\",\"department\":\"sales\",\"channel\":\"email\","
                + "\"direction\":\"outbound\",\"initiatedBy\":\"customer\",\"data\":{\"value\": {\"days\": 30}, "
                + "\"answer\": \"30 \\\"days\\\" \u00e9\", \"channel\": \"email\", \"question\": \"refund-window\", "
                + "\"direction\": \"outbound\", \"customerId\": \"" + customer + "\", \"department\": \"sales\", "
                + "\"initiatedBy\": \"customer\"}}],\"nextCursor\":null}");
    }

    @Test
    void unknownCustomerIsA404Problem() {
        given().when().get("/customers/{id}/summary", "nobody-" + CUSTOMER).then().statusCode(404)
                .contentType("application/problem+json");
    }
}
