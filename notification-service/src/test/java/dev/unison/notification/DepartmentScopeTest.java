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
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;

/**
 * Department scoping with two departments, sales and support, on the real broker and database: a member of one sees
 * and changes only alerts naming its department (another's alert is 404, as if it did not exist), counts only them,
 * sees a group counted over them only, hears only them on the live feed, sees only its department's deliveries and
 * manages only its department's subscriptions. ops sees everything.
 */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class DepartmentScopeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/alerts/stream")
    URI stream;

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    @Test
    void aDepartmentMemberSeesAndChangesOnlyItsDepartmentsAlertsGroupsFeedDeliveriesAndSubscriptions()
            throws Exception {
        String u = unique();
        String sales = "sales-" + u;
        String support = "support-" + u;
        String sam = TestTokens.token("sam-" + u, List.of(), List.of(sales));
        String sue = TestTokens.token("sue-" + u, List.of(), List.of(support));
        String ops = TestTokens.withRoles("ops");

        try (Receiver receiver = Receiver.start()) {
            String salesHook = TestAlerts.webhook(sales, receiver.url("/" + sales));
            String supportHook = TestAlerts.webhook(support, receiver.url("/" + support));

            // sam listens to the live feed with no department filter: he hears his department only
            List<String> feed = new CopyOnWriteArrayList<>();
            CompletableFuture<HttpResponse<Stream<String>>> response = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(stream).header("Accept", "text/event-stream")
                            .header("Authorization", "Bearer " + sam).build(),
                    HttpResponse.BodyHandlers.ofLines());
            CompletableFuture.runAsync(() -> response.join().body().forEach(feed::add));
            await().atMost(WAIT).until(() -> feed.stream().anyMatch(l -> l.contains("\"connected\"")));

            // one group (shared fingerprint) with a sales alert and a support alert; one alert naming both
            Alert salesAlert = alert("conflicting-answers", Alert.WARNING, "c1-" + u, List.of(sales), "shared-" + u);
            Alert supportAlert = alert("conflicting-answers", Alert.WARNING, "c2-" + u, List.of(support),
                    "shared-" + u);
            Alert both = alert("duplicate-outreach", Alert.INFO, "c3-" + u, List.of(sales, support), "both-" + u);
            send(salesAlert);
            send(supportAlert);
            send(both);
            await().atMost(WAIT).untilAsserted(() -> as(ops).get("/alerts/stats?department=" + support).then()
                    .body("total", is(2)));
            await().atMost(WAIT).untilAsserted(() -> as(ops).get("/alerts/" + both.alertId() + "/deliveries")
                    .then().body("status", contains("succeeded", "succeeded")));

            // lists and counts
            as(sam).get("/alerts?limit=500").then().statusCode(200).body("total", is(2))
                    .body("items.id", containsInAnyOrder(salesAlert.alertId(), both.alertId()));
            as(sam).get("/alerts?department=" + support).then().statusCode(200)
                    .body("items.id", contains(both.alertId()));
            as(sam).get("/alerts?customer=c2-" + u).then().statusCode(200).body("total", is(0));
            JsonNode stats = EventJson.MAPPER.readTree(as(sam).get("/alerts/stats").then().statusCode(200)
                    .extract().asString());
            assertThat(stats.path("total").asInt()).isEqualTo(2);
            assertThat(stats.path("byDepartment").size()).isEqualTo(1);
            assertThat(stats.path("byDepartment").path(sales).asInt()).isEqualTo(2);

            // another department's alert does not exist for him: 404 for every operation on it
            for (String path : List.of("", "/history", "/deliveries")) {
                as(sam).get("/alerts/" + supportAlert.alertId() + path).then().statusCode(404)
                        .contentType(Problem.MEDIA_TYPE);
            }
            for (String action : List.of("acknowledge", "resolve")) {
                as(sam).contentType(ContentType.JSON).body(Map.of()).post("/alerts/" + supportAlert.alertId() + "/"
                        + action).then().statusCode(404).contentType(Problem.MEDIA_TYPE);
            }
            as(sue).get("/alerts/" + salesAlert.alertId()).then().statusCode(404);
            as(sam).get("/alerts/" + salesAlert.alertId()).then().statusCode(200).body("summary",
                    is(salesAlert.summary()));

            // deliveries of an alert naming both: only his department's
            as(sam).get("/alerts/" + both.alertId() + "/deliveries").then().statusCode(200)
                    .body("department", contains(sales));

            // the group holds one alert of each; for sam it holds his one
            String group = as(ops).get("/alerts/" + salesAlert.alertId()).then().extract().path("groupId");
            as(ops).get("/alert-groups/" + group).then().body("alerts", is(2)).body("customers", is(2));
            as(sam).get("/alert-groups/" + group).then().statusCode(200).body("alerts", is(1))
                    .body("customers", is(1)).body("departments", contains(sales)).body("open", is(1));
            as(sam).get("/alert-groups?customer=c1-" + u).then().body("items.id", contains(group))
                    .body("items[0].alerts", is(1));
            as(sam).get("/alert-groups?customer=c2-" + u).then().body("total", is(0));
            await().atMost(WAIT).untilAsserted(() -> as(ops).get("/alert-groups/" + group + "/deliveries").then()
                    .body("department", org.hamcrest.Matchers.hasItems(sales, support)));
            as(sam).get("/alert-groups/" + group + "/deliveries").then().statusCode(200)
                    .body("department", everyItem(is(sales)));

            // acknowledging the group as sam acknowledges his alert only, in his name
            as(sam).contentType(ContentType.JSON).body(Map.of("note", "sales calls back"))
                    .post("/alert-groups/" + group + "/acknowledge").then().statusCode(200)
                    .body("acknowledged", is(1)).body("open", is(0));
            as(ops).get("/alerts/" + salesAlert.alertId()).then().body("status", is("acknowledged"))
                    .body("acknowledgedBy", is("sam-" + u));
            as(ops).get("/alerts/" + supportAlert.alertId()).then().body("status", is("open"));

            // an alert naming both departments: either member may act on it (alerts are acknowledged whole)
            as(sue).contentType(ContentType.JSON).body(Map.of()).post("/alerts/" + both.alertId() + "/resolve")
                    .then().statusCode(200).body("resolvedBy", is("sue-" + u));

            // the live feed: his alerts' creations and changes, never the support alert
            await().atMost(WAIT).until(() -> feed.stream().anyMatch(l -> l.contains(both.alertId())
                    && l.contains("\"change\":\"resolved\"")));
            assertThat(feed).anyMatch(l -> l.contains(salesAlert.alertId()) && l.contains("\"change\":\"created\""));
            assertThat(feed).noneMatch(l -> l.contains(supportAlert.alertId()));
            response.cancel(true);

            // subscriptions: his department's only
            String kafka = as(sam).contentType(ContentType.JSON).body(Map.of("department", sales, "type", "kafka"))
                    .post("/subscriptions").then().statusCode(201).extract().path("id");
            as(sam).contentType(ContentType.JSON).body(Map.of("department", support, "type", "kafka"))
                    .post("/subscriptions").then().statusCode(403).contentType(Problem.MEDIA_TYPE)
                    .body("errors[0].pointer", is("/department"));
            as(sam).get("/subscriptions").then().statusCode(200).body("department", everyItem(is(sales)))
                    .body("id", containsInAnyOrder(salesHook, kafka));
            as(sam).get("/subscriptions?department=" + support).then().statusCode(200).body("size()", is(0));
            as(sam).get("/subscriptions/" + supportHook).then().statusCode(404);
            as(sam).contentType(ContentType.JSON).body(Map.of("department", support, "type", "kafka"))
                    .put("/subscriptions/" + supportHook).then().statusCode(404);
            as(sam).delete("/subscriptions/" + supportHook).then().statusCode(404);
            as(ops).get("/alerts/" + supportAlert.alertId()).then().statusCode(200); // ops sees all
            given().get("/subscriptions/" + supportHook).then().statusCode(200); // admin still has it
            as(sam).contentType(ContentType.JSON).body(Map.of("department", support, "type", "kafka"))
                    .put("/subscriptions/" + kafka).then().statusCode(403).body("errors[0].pointer",
                            is("/department"));
            as(sam).contentType(ContentType.JSON).body(Map.of("department", sales, "type", "kafka", "name", "crm"))
                    .put("/subscriptions/" + kafka).then().statusCode(200).body("name", is("crm"));
            as(sam).delete("/subscriptions/" + kafka).then().statusCode(204);

            // silences and the audit log stay with ops and admin
            as(sam).get("/silences").then().statusCode(403);
            as(sam).get("/audit").then().statusCode(403);
        }
    }
}
