package dev.unison.notification;

import dev.unison.contracts.Alert;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Evidence;
import dev.unison.contracts.Topics;
import dev.unison.testsupport.KafkaTestClient;
import io.restassured.http.ContentType;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Contract-valid alerts for tests, produced to cx.alerts.v1 as consistency-service would, and subscriptions. */
final class TestAlerts {
    static final String SECRET = "s3cret-for-tests-0123456789";

    private TestAlerts() {
    }

    /** A short unique suffix, so each test has its own departments and customers in the shared database. */
    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static Alert alert(String rule, String severity, String customerId, List<String> departments, String fingerprint) {
        return alert(rule, severity, customerId, departments, fingerprint,
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
    }

    static Alert alert(String rule, String severity, String customerId, List<String> departments, String fingerprint,
                       OffsetDateTime detectedAt) {
        String id = UUID.randomUUID().toString();
        List<Evidence> evidence = departments.stream()
                .map(d -> new Evidence("evt-" + d + "-" + id.substring(0, 6), "urn:test:" + d, "cx.touch.answer-given",
                        d, detectedAt.minusHours(1), d + " said the refund window is " + (departments.indexOf(d) + 2)
                        + "0 days"))
                .toList();
        return new Alert(id, rule, severity, customerId, departments, fingerprint,
                "Departments " + String.join(" and ", departments) + " gave " + customerId
                        + " different answers about the refund window",
                evidence, detectedAt, Map.of("question", "refund-window"));
    }

    static void send(Alert alert) {
        KafkaTestClient.send(Topics.ALERTS, alert.customerId(), EventJson.string(alert));
    }

    static String webhook(String department, String url) {
        return subscribe(Map.of("department", department, "type", "webhook", "url", url, "secret", SECRET));
    }

    static String kafka(String department) {
        return subscribe(Map.of("department", department, "type", "kafka"));
    }

    static String subscribe(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/subscriptions")
                .then().log().ifValidationFails().statusCode(201)
                .extract().path("id");
    }
}
