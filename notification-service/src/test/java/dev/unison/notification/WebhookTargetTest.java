package dev.unison.notification;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.Alert;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Problem;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.unison.notification.TestAlerts.SECRET;
import static dev.unison.notification.TestAlerts.alert;
import static dev.unison.notification.TestAlerts.send;
import static dev.unison.notification.TestAlerts.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * Webhook targets are SSRF-safe: internal addresses and the services' own ports are refused when a subscription is
 * made (400 naming /url), a name is resolved and checked again at every send (the request goes to the address
 * checked), and a failed delivery records a few words, never the receiver's answer. Only 127.0.0.1, where the tests'
 * receivers listen, is allow-listed in the test profile.
 */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class WebhookTargetTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Map<String, Object> webhook(String department, String url) {
        return Map.of("department", department, "type", "webhook", "url", url, "secret", SECRET, "enabled", false);
    }

    @Test
    void internalAddressesAndTheServicesPortsAreRefusedWhenSubscribing() {
        String department = "ssrf-" + unique();
        for (String url : List.of("http://127.0.0.2:9000/hook", "http://localhost:9000/hook", "http://[::1]/hook",
                "http://169.254.169.254/latest/meta-data", "http://[fe80::1]/hook", "http://10.0.0.1/hook",
                "http://172.16.5.4/hook", "http://192.168.1.1/hook", "http://[fd00::1]/hook", "http://224.0.0.1/hook",
                "http://0.0.0.0/hook", "http://[::]/hook", "http://2130706433/hook", "http://[::ffff:10.0.0.1]/",
                "https://hooks.example.com:8084/hook", "http://203.0.113.10:9092/")) {
            given().contentType(ContentType.JSON).body(webhook(department, url)).when().post("/subscriptions")
                    .then().log().ifValidationFails().statusCode(400).contentType(Problem.MEDIA_TYPE)
                    .body("errors[0].pointer", is("/url"));
        }
        given().contentType(ContentType.JSON).body(Map.of("department", department, "type", "alertmanager",
                        "url", "http://10.1.2.3:9093")).when().post("/subscriptions")
                .then().statusCode(400).body("errors[0].pointer", is("/url"))
                .body("errors[0].detail", containsString("private"));
        String id = given().contentType(ContentType.JSON).body(webhook(department, "https://203.0.113.10/hook"))
                .when().post("/subscriptions").then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).body(webhook(department, "http://192.168.0.10/hook"))
                .when().put("/subscriptions/" + id).then().statusCode(400).body("errors[0].pointer", is("/url"));
        // the allow-listed host, on any port
        given().contentType(ContentType.JSON).body(webhook(department, "http://127.0.0.1:8084/hook"))
                .when().post("/subscriptions").then().statusCode(201);
    }

    @Test
    void secretsAreSixteenTo256Characters() {
        String department = "secret-" + unique();
        for (String secret : List.of("s".repeat(15), "s".repeat(257))) {
            given().contentType(ContentType.JSON).body(Map.of("department", department, "type", "webhook",
                            "url", "https://203.0.113.10/hook", "secret", secret)).when().post("/subscriptions")
                    .then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("errors[0].pointer", is("/secret"))
                    .body("errors[0].detail", containsString("16 to 256"));
        }
        for (String secret : List.of("s".repeat(16), "s".repeat(256))) {
            given().contentType(ContentType.JSON).body(Map.of("department", department, "type", "webhook",
                            "url", "https://203.0.113.10/hook", "secret", secret, "enabled", false))
                    .when().post("/subscriptions").then().statusCode(201);
        }
    }

    @Test
    void aNameIsResolvedAndCheckedAtSendTimeAndNothingIsSentToAnInternalAddress() throws Exception {
        // this machine's own name: not a literal, so accepted when subscribing, but it resolves to an internal address
        String host = InetAddress.getLocalHost().getHostName();
        InetAddress resolved = InetAddress.getByName(host);
        assertThat(resolved.isLoopbackAddress() || resolved.isSiteLocalAddress() || resolved.isLinkLocalAddress())
                .as("this test needs the machine's name (%s) to resolve to an internal address, not %s", host,
                        resolved).isTrue();
        String department = "rebind-" + unique();
        try (Receiver receiver = Receiver.start()) {
            String url = receiver.url("/" + department).replace("127.0.0.1", host);
            TestAlerts.webhook(department, url); // 201: a name is checked when it is used
            Alert alert = alert("ticket-maze", Alert.INFO, "cust-" + unique(), List.of(department), "fp-" + unique());
            send(alert);
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode deliveries = EventJson.MAPPER.readTree(given().get("/alerts/" + alert.alertId()
                        + "/deliveries").then().statusCode(200).extract().asString());
                assertThat(deliveries).hasSize(1);
                assertThat(deliveries.get(0).path("lastError").asText()).matches(
                        "refused: (loopback|private|link-local) address is not allowed");
                assertThat(deliveries.get(0).path("log").get(0).path("error").asText()).startsWith("refused: ");
            });
            assertThat(receiver.requests("/" + department)).as("nothing reached the receiver").isEmpty();
        }
    }

    @Test
    void aFailedDeliveryRecordsAFewWordsNotTheReceiversAnswer() {
        String refusedDepartment = "down-" + unique();
        String failingDepartment = "failing-" + unique();
        try (Receiver receiver = Receiver.start()) {
            receiver.failNext("/" + failingDepartment, 100); // answers 500 with a body of its own
            TestAlerts.webhook(failingDepartment, receiver.url("/" + failingDepartment));
            TestAlerts.webhook(refusedDepartment, "http://127.0.0.1:9/nobody-listens");
            Alert alert = alert("ticket-maze", Alert.INFO, "cust-" + unique(),
                    List.of(failingDepartment, refusedDepartment), "fp-" + unique());
            send(alert);
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode deliveries = EventJson.MAPPER.readTree(given().get("/alerts/" + alert.alertId()
                        + "/deliveries").then().statusCode(200).extract().asString());
                assertThat(deliveries).hasSize(2);
                for (JsonNode d : deliveries) {
                    String expected = d.path("department").asText().equals(failingDepartment) ? "HTTP 500"
                            : "connection refused";
                    assertThat(d.path("lastError").asText()).isEqualTo(expected);
                    assertThat(d.path("log").get(0).path("error").asText()).isEqualTo(expected);
                }
            });
            assertThat(receiver.requests("/" + failingDepartment)).isNotEmpty();
        }
    }
}
