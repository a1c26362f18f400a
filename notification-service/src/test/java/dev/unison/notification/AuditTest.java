package dev.unison.notification;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.Alert;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Problem;
import dev.unison.testsupport.TestTokens;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static dev.unison.notification.TestAlerts.alert;
import static dev.unison.notification.TestAlerts.send;
import static dev.unison.notification.TestAlerts.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;

/**
 * GET /audit (admin only): who changed subscriptions, silences and alert states, when, from what to what, stored in
 * PostgreSQL; filtered by entity type, entity and time, paged, newest first. Secrets never appear.
 */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class AuditTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static JsonNode audit(String query) throws Exception {
        return EventJson.MAPPER.readTree(given().auth().oauth2(TestTokens.withRoles("admin")).get("/audit" + query)
                .then().statusCode(200).extract().asString());
    }

    @Test
    void subscriptionSilenceAndAlertChangesAreAuditedWithWhoWhenBeforeAndAfter() throws Exception {
        String u = unique();
        String department = "audited-" + u;
        String ana = TestTokens.token("ana-" + u, List.of("admin", "ops"), List.of());
        OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1);

        // a subscription made, changed and removed
        String sub = given().auth().oauth2(ana).contentType(ContentType.JSON)
                .body(Map.of("department", department, "type", "webhook", "url", "http://127.0.0.1:9/a",
                        "secret", TestAlerts.SECRET, "enabled", false))
                .post("/subscriptions").then().statusCode(201).extract().path("id");
        given().auth().oauth2(ana).contentType(ContentType.JSON)
                .body(Map.of("department", department, "type", "webhook", "url", "http://127.0.0.1:9/b",
                        "enabled", false))
                .put("/subscriptions/" + sub).then().statusCode(200);
        given().auth().oauth2(ana).delete("/subscriptions/" + sub).then().statusCode(204);

        JsonNode subs = audit("?entityType=subscription&entityId=" + sub);
        assertThat(subs.path("total").asInt()).isEqualTo(3);
        JsonNode deleted = subs.path("items").get(0);
        JsonNode updated = subs.path("items").get(1);
        JsonNode created = subs.path("items").get(2);
        assertThat(List.of(deleted.path("action").asText(), updated.path("action").asText(),
                created.path("action").asText())).containsExactly("deleted", "updated", "created");
        assertThat(created.path("actor").asText()).isEqualTo("ana-" + u);
        assertThat(created.has("before")).isFalse();
        assertThat(created.path("after").path("url").asText()).isEqualTo("http://127.0.0.1:9/a");
        assertThat(updated.path("before").path("url").asText()).isEqualTo("http://127.0.0.1:9/a");
        assertThat(updated.path("after").path("url").asText()).isEqualTo("http://127.0.0.1:9/b");
        assertThat(updated.path("after").path("secretSet").asBoolean()).isTrue();
        assertThat(deleted.path("before").path("department").asText()).isEqualTo(department);
        assertThat(deleted.has("after")).isFalse();
        assertThat(subs.toString()).doesNotContain(TestAlerts.SECRET);

        // a silence made and ended
        String silence = given().auth().oauth2(ana).contentType(ContentType.JSON)
                .body(Map.of("department", department, "endsAt", OffsetDateTime.now().plusHours(1).toString()))
                .post("/silences").then().statusCode(201).extract().path("id");
        given().auth().oauth2(ana).delete("/silences/" + silence).then().statusCode(204);
        JsonNode silences = audit("?entityType=silence&entityId=" + silence);
        assertThat(silences.path("items").findValuesAsText("action")).containsExactly("expired", "created");
        JsonNode expired = silences.path("items").get(0);
        assertThat(OffsetDateTime.parse(expired.path("after").path("endsAt").asText()))
                .isBefore(OffsetDateTime.parse(expired.path("before").path("endsAt").asText()));

        // an alert acknowledged, then resolved by someone else
        Alert alert = alert("ticket-maze", Alert.INFO, "cust-" + u, List.of(department), "fp-" + u);
        send(alert);
        await().atMost(WAIT).until(() -> given().get("/alerts/" + alert.alertId()).statusCode() == 200);
        given().auth().oauth2(ana).contentType(ContentType.JSON).body(Map.of("note", "on it"))
                .post("/alerts/" + alert.alertId() + "/acknowledge").then().statusCode(200);
        given().auth().oauth2(TestTokens.token("ben-" + u, List.of("ops"), List.of())).contentType(ContentType.JSON)
                .body(Map.of()).post("/alerts/" + alert.alertId() + "/resolve").then().statusCode(200);
        JsonNode changes = audit("?entityType=alert&entityId=" + alert.alertId());
        JsonNode resolved = changes.path("items").get(0);
        JsonNode acknowledged = changes.path("items").get(1);
        assertThat(changes.path("total").asInt()).isEqualTo(2);
        assertThat(acknowledged.path("actor").asText()).isEqualTo("ana-" + u);
        assertThat(acknowledged.path("before").path("status").asText()).isEqualTo("open");
        assertThat(acknowledged.path("after").path("status").asText()).isEqualTo("acknowledged");
        assertThat(acknowledged.path("after").path("note").asText()).isEqualTo("on it");
        assertThat(resolved.path("actor").asText()).isEqualTo("ben-" + u);
        assertThat(resolved.path("before").path("status").asText()).isEqualTo("acknowledged");
        assertThat(resolved.path("before").path("by").asText()).isEqualTo("ana-" + u);
        assertThat(resolved.path("after").path("status").asText()).isEqualTo("resolved");

        // filters: type, time window, paging
        given().auth().oauth2(TestTokens.withRoles("admin")).get("/audit?entityType=silence&limit=500").then()
                .body("items.entityType", everyItem(is("silence")));
        JsonNode mine = audit("?from=" + start + "&limit=500");
        assertThat(mine.path("items").findValuesAsText("entityId")).contains(sub, silence, alert.alertId());
        JsonNode before = audit("?to=" + start + "&limit=500");
        assertThat(before.path("items").findValuesAsText("entityId")).doesNotContain(sub, silence, alert.alertId());
        given().auth().oauth2(TestTokens.withRoles("admin"))
                .get("/audit?entityType=subscription&entityId=" + sub + "&limit=1&offset=1").then()
                .body("items.action", contains("updated")).body("total", is(3));
        given().auth().oauth2(TestTokens.withRoles("admin")).get("/audit?entityType=nonsense").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE).body("errors[0].pointer", is("/query/entityType"));
        given().auth().oauth2(TestTokens.withRoles("admin")).get("/audit?from=yesterday").then().statusCode(400)
                .body("errors[0].pointer", is("/query/from"));
        given().auth().oauth2(TestTokens.withRoles("ops")).get("/audit").then().statusCode(403);
    }
}
