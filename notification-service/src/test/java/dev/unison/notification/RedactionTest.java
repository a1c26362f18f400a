package dev.unison.notification;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.Alert;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Evidence;
import dev.unison.contracts.Topics;
import dev.unison.testsupport.KafkaTestClient;
import dev.unison.testsupport.TestTokens;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static dev.unison.notification.TestAlerts.send;
import static dev.unison.notification.TestAlerts.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/**
 * Personal data in an alert's free text is redacted in everything that leaves Unison — the webhook, Alertmanager,
 * the department topic and the live feed — while the stored alert keeps the original (ops read it over REST).
 */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class RedactionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SUMMARY = "Sales told jane.doe@example.com to call +49 30 1234567 about the refund";
    private static final String SAID = "paid with card 4111 1111 1111 1111, refund to DE89 3704 0044 0532 0130 00";
    private static final String NOTE = "customer gave account no. 12345678";
    private static final List<String> ORIGINALS = List.of("jane.doe@example.com", "+49 30 1234567",
            "4111 1111 1111 1111", "DE89 3704 0044 0532 0130 00", "12345678");

    @TestHTTPResource("/alerts/stream")
    URI stream;

    @Test
    void webhookAlertmanagerDepartmentTopicAndLiveFeedGetRedactedTextTheStoreKeepsTheOriginal() throws Exception {
        String u = unique();
        String department = "private-" + u;
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        Alert alert = new Alert(UUID.randomUUID().toString(), "conflicting-answers", Alert.WARNING, "cust-" + u,
                List.of(department), "fp-" + u, SUMMARY,
                List.of(new Evidence("evt-" + u, "urn:test:sales", "cx.touch.answer-given", department,
                        now.minusHours(1), SAID)),
                now, Map.of("question", "refund-window", "note", NOTE, "readings", List.of(Map.of("said", SAID))));

        List<String> feed = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<Stream<String>>> response = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create(stream + "?department=" + department))
                        .header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer " + TestTokens.withRoles("ops")).build(),
                HttpResponse.BodyHandlers.ofLines());
        CompletableFuture.runAsync(() -> response.join().body().forEach(feed::add));
        await().atMost(WAIT).until(() -> feed.stream().anyMatch(l -> l.contains("\"connected\"")));

        try (Receiver receiver = Receiver.start()) {
            TestAlerts.webhook(department, receiver.url("/hook-" + u));
            TestAlerts.kafka(department);
            TestAlerts.subscribe(Map.of("department", department, "type", "alertmanager",
                    "url", receiver.url("/am-" + u)));
            send(alert);

            // the webhook
            await().atMost(WAIT).until(() -> !receiver.webhooks("/hook-" + u, alert.alertId()).isEmpty());
            JsonNode hooked = receiver.webhooks("/hook-" + u, alert.alertId()).get(0).json().path("alerts").get(0);
            assertRedacted(hooked);

            // Alertmanager
            await().atMost(WAIT).until(() -> !receiver.requests("/am-" + u + "/api/v2/alerts").isEmpty());
            Receiver.Request pushed = receiver.requests("/am-" + u + "/api/v2/alerts").get(0);
            assertThat(pushed.json().get(0).path("annotations").path("summary").asText())
                    .isEqualTo("Sales told [email] to call [phone] about the refund");
            assertNoOriginal(pushed.text());

            // the department topic
            List<ConsumerRecord<byte[], byte[]>> records = KafkaTestClient.await(Topics.alertsFor(department),
                    r -> true, 1, WAIT);
            assertThat(records).hasSize(1);
            assertRedacted(EventJson.MAPPER.readTree(records.get(0).value()));

            // the live feed
            await().atMost(WAIT).until(() -> feed.stream().anyMatch(l -> l.contains(alert.alertId())));
            String line = feed.stream().filter(l -> l.contains(alert.alertId())).findFirst().orElseThrow();
            assertRedacted(EventJson.MAPPER.readTree(line.substring("data:".length())).path("alert"));
            response.cancel(true);
        }

        // the stored alert keeps every word
        given().auth().oauth2(TestTokens.withRoles("ops")).contentType(ContentType.JSON)
                .get("/alerts/" + alert.alertId()).then().statusCode(200).body("summary", is(SUMMARY))
                .body("evidence[0].said", is(SAID)).body("details.note", is(NOTE));
    }

    private static void assertRedacted(JsonNode alert) {
        assertThat(alert.path("summary").asText()).isEqualTo("Sales told [email] to call [phone] about the refund");
        assertThat(alert.path("evidence").get(0).path("said").asText())
                .isEqualTo("paid with card [card], refund to [iban]");
        assertThat(alert.path("details").path("note").asText()).isEqualTo("customer gave account no. [account]");
        assertThat(alert.path("details").path("readings").get(0).path("said").asText())
                .isEqualTo("paid with card [card], refund to [iban]");
        assertThat(alert.path("details").path("question").asText()).isEqualTo("refund-window");
        assertNoOriginal(alert.toString());
    }

    private static void assertNoOriginal(String text) {
        for (String original : ORIGINALS) {
            assertThat(text).doesNotContain(original);
        }
    }
}
