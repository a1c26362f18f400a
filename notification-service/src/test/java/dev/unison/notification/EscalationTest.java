package dev.unison.notification;

import dev.unison.contracts.Alert;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static dev.unison.notification.TestAlerts.alert;
import static dev.unison.notification.TestAlerts.send;
import static dev.unison.notification.TestAlerts.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/** The test profile escalates critical alerts after 4 s (notification.escalation.critical). */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class EscalationTest {
    private static final Receiver receiver = Receiver.start();

    @ConfigProperty(name = "notification.escalation.critical")
    Duration criticalLimit;

    @ConfigProperty(name = "notification.escalation.lead-department", defaultValue = "cx-lead")
    String lead;

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void unacknowledgedCriticalAlertIsEscalatedOnTimeToItsDepartmentAndTheCxLead() {
        String u = unique();
        String department = "support-" + u;
        String departmentPath = "/support-" + u;
        String leadPath = "/lead-" + u;
        TestAlerts.webhook(department, receiver.url(departmentPath));
        TestAlerts.webhook(lead, receiver.url(leadPath));
        Alert ignored = alert("conflicting-answers", Alert.CRITICAL, "cust-" + u, List.of(department), "ign-" + u);
        Alert handled = alert("conflicting-answers", Alert.CRITICAL, "cust-" + u, List.of(department), "ack-" + u);

        send(ignored);
        send(handled);

        // the handled one is acknowledged as soon as it is stored, well inside its limit
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(50))
                .until(() -> given().when().get("/alerts/" + handled.alertId()).statusCode() == 200);
        given().contentType(ContentType.JSON).body(Map.of()).when()
                .post("/alerts/" + handled.alertId() + "/acknowledge").then().statusCode(200);
        await().atMost(Duration.ofSeconds(45))
                .until(() -> given().when().get("/alerts/" + ignored.alertId()).statusCode() == 200);
        Instant firstSeen = OffsetDateTime.parse(given().when().get("/alerts/" + ignored.alertId())
                .then().extract().<String>path("receivedAt")).toInstant();
        await("first notification, after group-wait").atMost(Duration.ofSeconds(10))
                .until(() -> !receiver.webhooks(departmentPath, ignored.alertId()).isEmpty());

        await().atMost(criticalLimit.plusSeconds(30)).until(() ->
                escalations(departmentPath, ignored.alertId()).size() == 1
                        && escalations(leadPath, ignored.alertId()).size() == 1);

        Receiver.Request toLead = escalations(leadPath, ignored.alertId()).get(0);
        Duration after = Duration.between(firstSeen, toLead.at());
        assertThat(after).as("escalated once the limit passed, not before").isGreaterThanOrEqualTo(criticalLimit);
        assertThat(after).as("escalated on time").isLessThan(criticalLimit.plusSeconds(6));
        System.out.printf("Escalation of a critical alert (limit %s) reached cx-lead %d ms after it was stored%n",
                criticalLimit, after.toMillis());
        assertThat(toLead.json().path("department").asText()).isEqualTo(lead);
        assertThat(receiver.webhooks(departmentPath, ignored.alertId())).hasSize(2);
        given().when().get("/alerts/" + ignored.alertId()).then().body("escalatedAt", org.hamcrest.Matchers.notNullValue());
        given().when().get("/alerts/" + ignored.alertId() + "/history").then().body("action", hasItem("escalated"));
        given().when().get("/alerts/" + ignored.alertId() + "/deliveries").then()
                .body("findAll { it.reason == 'escalation' }.department", org.hamcrest.Matchers.containsInAnyOrder(
                        department, lead));

        // the acknowledged alert, stored at the same time, was not escalated
        assertThat(escalations(departmentPath, handled.alertId())).isEmpty();
        assertThat(escalations(leadPath, handled.alertId())).isEmpty();
        given().when().get("/alerts/" + handled.alertId()).then().body("escalatedAt", nullValue());
    }

    private static List<Receiver.Request> escalations(String path, String alertId) {
        return receiver.webhooks(path, alertId).stream()
                .filter(r -> "escalation".equals(r.json().path("reason").asText())).toList();
    }
}
