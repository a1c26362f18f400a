package dev.unison.notification;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.Alert;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Problem;
import dev.unison.testsupport.TestTokens;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static dev.unison.notification.TestAlerts.alert;
import static dev.unison.notification.TestAlerts.send;
import static dev.unison.notification.TestAlerts.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class AlertQueryTest {
    private static final Duration WAIT = Duration.ofSeconds(45);

    @TestHTTPResource("/alerts/stream")
    URI stream;

    @Test
    void filtersPaginationAndStats() {
        String u = unique();
        String sales = "sales-" + u;
        String support = "support-" + u;
        String customer = "cust-" + u;
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        Alert a1 = alert("conflicting-answers", Alert.WARNING, customer, List.of(sales, support), "a1-" + u,
                now.minusDays(3));
        Alert a2 = alert("repeated-info-request", Alert.INFO, customer, List.of(sales), "a2-" + u, now.minusDays(2));
        Alert a3 = alert("duplicate-outreach", Alert.WARNING, customer, List.of(sales), "a3-" + u, now.minusDays(1));
        Alert a4 = alert("duplicate-outreach", Alert.INFO, "other-" + u, List.of(support), "a4-" + u, now);
        Stream.of(a1, a2, a3, a4).forEach(TestAlerts::send);
        await().atMost(WAIT).untilAsserted(() -> given().when().get("/alerts?customer=" + customer).then()
                .statusCode(200).body("total", is(3)));
        given().contentType(ContentType.JSON).body(Map.of("note", "answered the customer"))
                .when().post("/alerts/" + a2.alertId() + "/resolve").then().statusCode(200);

        // newest detectedAt first, by department
        given().when().get("/alerts?department=" + sales).then().statusCode(200)
                .body("total", is(3)).body("items.id", contains(a3.alertId(), a2.alertId(), a1.alertId()));
        given().when().get("/alerts?department=" + support).then()
                .body("items.id", contains(a4.alertId(), a1.alertId()));
        given().when().get("/alerts?department=" + sales + "&rule=duplicate-outreach").then()
                .body("items.id", contains(a3.alertId()));
        given().when().get("/alerts?customer=" + customer + "&status=open").then()
                .body("items.id", contains(a3.alertId(), a1.alertId()));
        given().when().get("/alerts?customer=" + customer + "&status=resolved").then()
                .body("items.id", contains(a2.alertId())).body("items[0].resolvedBy", is("tester"));
        given().when().get("/alerts?department=" + sales + "&from=" + now.minusDays(2).minusHours(1)
                + "&to=" + now.minusHours(12)).then()
                .body("items.id", contains(a3.alertId(), a2.alertId()));
        given().when().get("/alerts?department=" + sales + "&severity=info").then()
                .body("items.id", contains(a2.alertId()));
        // pagination
        given().when().get("/alerts?department=" + sales + "&limit=2").then()
                .body("total", is(3)).body("limit", is(2)).body("offset", is(0))
                .body("items.id", contains(a3.alertId(), a2.alertId()));
        given().when().get("/alerts?department=" + sales + "&limit=2&offset=2").then()
                .body("total", is(3)).body("items.id", contains(a1.alertId()));

        // stats: an alert counts for each of its departments
        given().when().get("/alerts/stats?department=" + sales).then().statusCode(200).body("total", is(3));
        JsonNode stats = EventJson.MAPPER.valueToTree(given().when().get("/alerts/stats?department=" + sales)
                .then().extract().as(Map.class));
        assertThat(stats.path("byDepartment").path(sales).asLong()).isEqualTo(3);
        assertThat(stats.path("byDepartment").has(support)).as("filtered to one department").isFalse();
        assertThat(stats.path("byRule").path("duplicate-outreach").asLong()).isEqualTo(1);
        assertThat(stats.path("byRule").path("conflicting-answers").asLong()).isEqualTo(1);
        assertThat(stats.path("byStatus").path("open").asLong()).isEqualTo(2);
        assertThat(stats.path("byStatus").path("resolved").asLong()).isEqualTo(1);
        JsonNode all = EventJson.MAPPER.valueToTree(given().when().get("/alerts/stats").then().extract().as(Map.class));
        assertThat(all.path("byDepartment").path(support).asLong()).isEqualTo(2);
    }

    @Test
    void badQueryParametersAreNamed() {
        given().when().get("/alerts?status=sleeping&limit=0&from=yesterday").then()
                .statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors.pointer", containsInAnyOrder("/query/status", "/query/limit", "/query/from"));
        given().when().get("/alerts?limit=abc").then().statusCode(400)
                .body("errors[0].pointer", is("/query/limit"));
    }

    @Test
    void clientMistakesInQueryStringsAreProblemsNeverServerErrors() throws Exception {
        for (String query : List.of("/alerts?from=%2B999999999-01-01T00:00:00Z",
                "/alerts?to=-999999999-01-01T00:00:00Z", "/alerts?customer=a%00b", "/alerts?department=%00",
                "/alerts?group=not-a-group",
                "/alerts?offset=-1", "/alerts?offset=99999999999", "/alerts/stats?from=%2B999999999-01-01T00:00:00Z",
                "/alert-groups?status=sleeping", "/alert-groups?limit=x", "/alert-groups?customer=%00",
                "/subscriptions?department=%00")) {
            given().urlEncodingEnabled(false).when().get(query).then().log().ifValidationFails().statusCode(400)
                    .contentType(Problem.MEDIA_TYPE).body("errors[0].pointer", startsWith("/query/"));
        }
        given().when().get("/alert-groups/not-a-uuid").then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        given().when().get("/alert-groups/" + java.util.UUID.randomUUID()).then().statusCode(404);
        // bodies beyond the JSON parser's limits, sent with the JDK client (REST-assured would pretty-print them)
        for (String body : List.of("{\"by\": \"ana\", \"x\": " + "[".repeat(5000) + "]".repeat(5000) + "}",
                "{\"by\": " + "9".repeat(5000) + "}")) {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(stream.toString().replace("/alerts/stream", "/alerts/x/acknowledge")))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + TestTokens.withRoles("ops"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            assertThat(answer.headers().firstValue("content-type").orElse("")).startsWith(Problem.MEDIA_TYPE);
        }
    }

    @Test
    void groupsAreListedByCustomerDepartmentAndStatus() {
        String u = unique();
        String department = "grp-" + u;
        Alert a = alert("duplicate-outreach", Alert.INFO, "a-" + u, List.of(department), "campaign-" + u);
        Alert b = alert("duplicate-outreach", Alert.CRITICAL, "b-" + u, List.of(department, "sales-" + u),
                "campaign-" + u);
        send(a);
        send(b);
        await().atMost(WAIT).untilAsserted(() -> given().when().get("/alert-groups?department=" + department)
                .then().statusCode(200).body("total", is(1)).body("items[0].alerts", is(2)));
        given().when().get("/alert-groups?customer=b-" + u).then()
                .body("items[0].customers", is(2)).body("items[0].severity", is("critical"))
                .body("items[0].departments", contains(department, "sales-" + u))
                .body("items[0].rules", contains("duplicate-outreach"));
        String group = given().when().get("/alert-groups?customer=a-" + u).then().extract().path("items[0].id");
        given().contentType(ContentType.JSON).body(Map.of()).when()
                .post("/alert-groups/" + group + "/acknowledge").then().statusCode(200)
                .body("status", is("acknowledged")).body("acknowledged", is(2)).body("open", is(0));
        given().when().get("/alert-groups?department=" + department + "&status=acknowledged").then()
                .body("items.id", contains(group));
        given().when().get("/alerts?group=" + group).then().body("items.status", contains("acknowledged",
                "acknowledged"));
        given().when().get("/alerts/" + a.alertId() + "/history").then()
                .body("note", contains("with its group"));
        // one alert resolved on its own leaves the group acknowledged; the last one resolves it
        given().contentType(ContentType.JSON).body(Map.of()).when()
                .post("/alerts/" + a.alertId() + "/resolve").then().statusCode(200);
        given().when().get("/alert-groups/" + group).then().body("status", is("acknowledged"))
                .body("resolved", is(1));
        given().contentType(ContentType.JSON).body(Map.of()).when()
                .post("/alerts/" + b.alertId() + "/resolve").then().statusCode(200);
        given().when().get("/alert-groups/" + group).then().body("status", is("resolved"))
                .body("resolvedAt", notNullValue());
        // how long each waited, per department it names: both alerts for the first department, b for sales
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains(
                "unison_alerts_time_to_acknowledge_seconds_count{department=\"" + department
                        + "\",rule=\"duplicate-outreach\"} 2.0",
                "unison_alerts_time_to_acknowledge_seconds_count{department=\"sales-" + u
                        + "\",rule=\"duplicate-outreach\"} 1.0",
                "unison_alerts_time_to_resolve_seconds_count{department=\"" + department
                        + "\",rule=\"duplicate-outreach\"} 2.0",
                "unison_alerts_time_to_resolve_seconds_bucket{department=\"sales-" + u);
    }

    @Test
    void acknowledgeAndResolveRecordWhoAndWhy() {
        String u = unique();
        Alert alert = alert("renewal-only-contact", Alert.WARNING, "cust-" + u, List.of("accounts-" + u), "fp-" + u);
        send(alert);
        String path = "/alerts/" + alert.alertId();
        await().atMost(WAIT).until(() -> given().when().get(path).statusCode() == 200);

        // who acts comes from the token (preferred_username), never from the body: a "by" there is refused
        given().contentType(ContentType.JSON).body(Map.of("by", "mallory", "note", "x")).when()
                .post(path + "/acknowledge").then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].pointer", is("/by"));
        given().auth().oauth2(TestTokens.token("ana", List.of("ops"), List.of())).contentType(ContentType.JSON)
                .body(Map.of("note", "calling the customer"))
                .when().post(path + "/acknowledge")
                .then().statusCode(200).body("status", is("acknowledged")).body("acknowledgedBy", is("ana"))
                .body("acknowledgedAt", notNullValue());
        given().auth().oauth2(TestTokens.token("ben", List.of("ops"), List.of())).contentType(ContentType.JSON)
                .body(Map.of()).when().post(path + "/resolve")
                .then().statusCode(200).body("status", is("resolved")).body("resolvedBy", is("ben"))
                .body("acknowledgedBy", is("ana"));
        given().contentType(ContentType.JSON).body(Map.of()).when().post(path + "/acknowledge")
                .then().statusCode(409).contentType(Problem.MEDIA_TYPE);
        given().when().get(path + "/history").then().statusCode(200)
                .body("action", contains("acknowledged", "resolved"))
                .body("note", hasItem("calling the customer")).body("actor", contains("ana", "ben"));
        given().contentType(ContentType.JSON).body(Map.of()).when()
                .post("/alerts/no-such-alert/acknowledge").then().statusCode(404).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void liveFeedStreamsNewAlertsOfItsDepartmentOnly() throws Exception {
        String u = unique();
        String watched = "watched-" + u;
        String customer = "cust-" + u;
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<Stream<String>>> response = client.sendAsync(
                HttpRequest.newBuilder(URI.create(stream + "?department=" + watched))
                        .header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer " + TestTokens.withRoles("ops")).build(),
                HttpResponse.BodyHandlers.ofLines());
        CompletableFuture.runAsync(() -> response.join().body().forEach(lines::add));
        await().atMost(WAIT).until(() -> lines.stream().anyMatch(l -> l.contains("\"connected\"")));
        assertThat(response.join().headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");

        // same customer, so the same partition: the other department's alert is stored first
        Alert other = alert("ticket-maze", Alert.INFO, customer, List.of("elsewhere-" + u), "o-" + u);
        Alert mine = alert("ticket-maze", Alert.INFO, customer, List.of(watched), "m-" + u);
        send(other);
        send(mine);

        await().atMost(WAIT).until(() -> lines.stream().anyMatch(l -> l.contains(mine.alertId())));
        String data = lines.stream().filter(l -> l.contains(mine.alertId())).findFirst().orElseThrow();
        assertThat(data).startsWith("data:");
        JsonNode event = EventJson.MAPPER.readTree(data.substring("data:".length()));
        assertThat(event.path("change").asText()).isEqualTo("created");
        assertThat(event.path("alert").path("summary").asText()).isEqualTo(mine.summary());
        assertThat(lines).noneMatch(l -> l.contains(other.alertId()));

        given().contentType(ContentType.JSON).body(Map.of()).when()
                .post("/alerts/" + mine.alertId() + "/acknowledge").then().statusCode(200);
        await().atMost(WAIT).until(() -> lines.stream().anyMatch(l -> l.contains(mine.alertId())
                && l.contains("\"change\":\"acknowledged\"")));
        response.cancel(true);
    }

    @Test
    void unknownAlertIs404Problem() {
        given().when().get("/alerts/nope-" + unique()).then().statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("status", is(404));
        given().when().get("/alerts/nope-" + unique() + "/deliveries").then().statusCode(404);
    }
}
