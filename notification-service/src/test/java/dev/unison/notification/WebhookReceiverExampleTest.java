package dev.unison.notification;

import dev.unison.contracts.Alert;
import dev.unison.notification.messaging.WebhookSignature;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.unison.notification.TestAlerts.SECRET;
import static dev.unison.notification.TestAlerts.alert;
import static dev.unison.notification.TestAlerts.send;
import static dev.unison.notification.TestAlerts.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's webhook receiver (examples/webhook-receiver/WebhookReceiver.java), run as a user runs it, receives a
 * real delivery of this service, handles a repeat of it once, and refuses a forged or stale request.
 */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class WebhookReceiverExampleTest {
    private static final List<String> OUTPUT = new CopyOnWriteArrayList<>();
    private static Process receiver;
    private static int port;

    @BeforeAll
    static void startTheExample() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        receiver = new ProcessBuilder(java, Path.of("..", "examples", "webhook-receiver", "WebhookReceiver.java").toString(),
                Integer.toString(port), SECRET).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(receiver.getInputStream(),
                    StandardCharsets.UTF_8))) {
                lines.lines().forEach(OUTPUT::add);
            } catch (IOException e) {
                OUTPUT.add("reader failed: " + e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> OUTPUT.contains("listening on " + port));
    }

    @AfterAll
    static void stopTheExample() {
        receiver.destroy();
    }

    @Test
    void theExampleReceivesADeliveryOnceAndRefusesForgedOrStaleRequests() throws Exception {
        String u = unique();
        String department = "example-" + u;
        TestAlerts.subscribe(Map.of("department", department, "type", "webhook", "url",
                "http://127.0.0.1:" + port + "/", "secret", SECRET, "groupWait", "PT0S"));
        Alert alert = alert("conflicting-answers", Alert.WARNING, "cust-" + u, List.of(department), "fp-" + u);
        send(alert);

        await().atMost(Duration.ofSeconds(60)).until(() -> OUTPUT.stream()
                .anyMatch(line -> line.startsWith("delivery ") && line.contains(alert.alertId())));
        String line = OUTPUT.stream().filter(l -> l.contains(alert.alertId())).findFirst().orElseThrow();
        String delivery = line.split(" ")[1];
        String body = line.substring(line.indexOf(' ', "delivery ".length()) + 1);

        // the same delivery again (as after a timeout): acknowledged, not handled twice
        long now = Instant.now().getEpochSecond();
        assertThat(post(body, now, WebhookSignature.sign(SECRET, now, bytes(body)), delivery).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> OUTPUT.contains("duplicate " + delivery));
        // not signed with the secret, or signed too long ago: refused
        assertThat(post(body, now, WebhookSignature.sign("another-secret-0123456789", now, bytes(body)), "d-forged")
                .statusCode()).isEqualTo(401);
        long stale = now - 3600;
        assertThat(post(body, stale, WebhookSignature.sign(SECRET, stale, bytes(body)), "d-stale").statusCode())
                .isEqualTo(401);
        assertThat(OUTPUT).noneMatch(l -> l.contains("d-forged") || l.contains("d-stale"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> post(String body, long timestamp, String signature, String delivery)
            throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE_HEADER, signature)
                .header(WebhookSignature.DELIVERY_HEADER, delivery)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
