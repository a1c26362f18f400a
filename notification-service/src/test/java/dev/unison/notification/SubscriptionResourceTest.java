package dev.unison.notification;

import dev.unison.contracts.Problem;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

import static dev.unison.notification.TestAlerts.SECRET;
import static dev.unison.notification.TestAlerts.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class SubscriptionResourceTest {

    @Test
    void emptyBodyNamesEveryMissingField() {
        badRequest(Map.of()).body("errors.pointer", hasItems("/department", "/type"));
    }

    @Test
    void webhookWithoutUrlOrSecretNamesBoth() {
        badRequest(Map.of("department", "sales", "type", "webhook"))
                .body("errors.pointer", hasItems("/url", "/secret"))
                .body("errors.find { it.pointer == '/secret' }.detail", containsString("HMAC-SHA256"));
    }

    @Test
    void badFieldsAreEachNamed() {
        badRequest(Map.of("department", "Sales Team", "type", "webhook", "url", "ftp://example.org/hook",
                "secret", SECRET)).body("errors.pointer", hasItems("/department", "/url"));
        badRequest(Map.of("department", "sales", "type", "webhook", "url", "http://example.org/hook",
                "secret", "short")).body("errors.pointer", hasItem("/secret"))
                .body("errors[0].detail", containsString("16 to 256"));
        badRequest(Map.of("department", "sales", "type", "sms")).body("errors[0].pointer", is("/type"))
                .body("errors[0].detail", containsString("webhook, kafka, alertmanager"));
        badRequest(Map.of("department", "sales", "type", "kafka", "url", "http://example.org"))
                .body("errors[0].pointer", is("/url"));
        badRequest(Map.of("department", "dlq", "type", "kafka"))
                .body("errors[0].pointer", is("/department")).body("errors[0].detail", containsString("reserved"));
    }

    @Test
    void fieldOfTheWrongKindAndNonJsonAreProblems() {
        given().contentType(ContentType.JSON)
                .body(Map.of("department", "sales", "type", "kafka", "enabled", Map.of("no", "object")))
                .when().post("/subscriptions")
                .then().log().ifValidationFails().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].pointer", is("/enabled"));
        given().contentType(ContentType.JSON).body("{not json")
                .when().post("/subscriptions")
                .then().log().ifValidationFails().statusCode(400).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void subscriptionLifecycleKeepsTheSecretWriteOnly() {
        String department = "crud-" + unique();
        var created = given().contentType(ContentType.JSON)
                .body(Map.of("department", department, "type", "webhook", "url", "http://127.0.0.1:9/hook",
                        "secret", SECRET, "name", "support desk"))
                .when().post("/subscriptions")
                .then().log().ifValidationFails().statusCode(201)
                .body("secretSet", is(true)).body("secret", nullValue()).body("enabled", is(true))
                .extract();
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/subscriptions/" + id);

        given().when().get("/subscriptions/" + id).then().statusCode(200).body("department", is(department))
                .body("name", is("support desk"));
        given().when().get("/subscriptions?department=" + department).then().statusCode(200).body("$", hasSize(1));

        Map<String, Object> change = new HashMap<>(Map.of("department", department, "type", "webhook",
                "url", "http://127.0.0.1:9/other", "enabled", false));
        given().contentType(ContentType.JSON).body(change).when().put("/subscriptions/" + id)
                .then().log().ifValidationFails().statusCode(200)
                .body("url", is("http://127.0.0.1:9/other")).body("enabled", is(false)).body("secretSet", is(true));

        String kafka = given().contentType(ContentType.JSON).body(Map.of("department", department, "type", "kafka"))
                .when().post("/subscriptions").then().statusCode(201)
                .body("topic", is("cx.alerts." + department)).body("secretSet", is(false)).extract().path("id");

        given().when().delete("/subscriptions/" + id).then().statusCode(204);
        given().when().get("/subscriptions/" + id).then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        given().when().delete("/subscriptions/" + id).then().statusCode(404);
        given().when().get("/subscriptions?department=" + department).then().statusCode(200)
                .body("id", hasItems(kafka)).body("id", not(hasItem(id)));
    }

    @Test
    void silenceNeedsAMatcherAndAFutureEndAndRecordsItsAuthorFromTheToken() {
        given().contentType(ContentType.JSON)
                .body(Map.of("endsAt", OffsetDateTime.now().minusMinutes(1).toString()))
                .when().post("/silences")
                .then().log().ifValidationFails().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors.pointer", hasItems("/department", "/endsAt"))
                .body("errors.pointer", not(hasItem("/createdBy"))); // who silences: from the token
        given().contentType(ContentType.JSON)
                .body(Map.of("customerId", "c-" + unique(), "endsAt", OffsetDateTime.now().plusHours(1).toString(),
                        "createdBy", "mallory"))
                .when().post("/silences").then().statusCode(400).body("errors[0].pointer", is("/createdBy"));
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("customerId", "c-" + unique(), "endsAt", OffsetDateTime.now().plusHours(1).toString(),
                        "comment", "campaign"))
                .when().post("/silences").then().statusCode(201).body("createdBy", is("tester"))
                .extract().path("id");
        given().when().get("/silences").then().statusCode(200).body("id", hasItem(id));
        given().when().delete("/silences/" + id).then().statusCode(204);
        given().when().get("/silences").then().statusCode(200).body("id", not(hasItem(id)));
        given().when().get("/silences?all=true").then().statusCode(200).body("id", hasItem(id));
    }

    @Test
    void silencesAndTimersOutOfRangeAreClientMistakesNotServerErrors() {
        given().contentType(ContentType.JSON)
                .body(Map.of("department", "sales", "endsAt", "+999999999-12-31T23:59:59Z"))
                .when().post("/silences")
                .then().log().ifValidationFails().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].pointer", is("/endsAt")).body("errors[0].detail", containsString("9999"));
        given().contentType(ContentType.JSON)
                .body(Map.of("department", "sales\u0000", "endsAt", OffsetDateTime.now().plusHours(1).toString()))
                .when().post("/silences")
                .then().statusCode(400).body("errors[0].pointer", is("/department"));
        given().when().get("/silences?all=maybe").then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].pointer", is("/query/all"));
        badRequest(Map.of("department", "sales", "type", "kafka", "groupWait", "soon", "repeatInterval", "P400D"))
                .body("errors.pointer", hasItems("/groupWait", "/repeatInterval"));
        String department = "timers-" + unique();
        given().contentType(ContentType.JSON).body(Map.of("department", department, "type", "kafka",
                        "groupWait", "PT10S", "groupInterval", "PT1M", "repeatInterval", "PT2H"))
                .when().post("/subscriptions").then().statusCode(201)
                .body("groupWait", is("PT10S")).body("groupInterval", is("PT1M")).body("repeatInterval", is("PT2H"));
    }

    private static ValidatableResponse badRequest(Map<String, ?> body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/subscriptions")
                .then().log().ifValidationFails()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("status", is(400))
                .body("type", is(Problem.TYPE_BASE + "invalid-request"))
                .body("instance", is("/subscriptions"));
    }
}
