package dev.unison.notification;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.Alert;
import dev.unison.contracts.EventJson;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static dev.unison.notification.TestAlerts.alert;
import static dev.unison.notification.TestAlerts.send;
import static dev.unison.notification.TestAlerts.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Against the real Alertmanager (Debian's prometheus-alertmanager, started here on a free loopback port with a
 * resolve_timeout of 2 s): an open alert stays active long past resolve_timeout because it is re-sent with endsAt
 * ahead (every 2 s in the test profile), and is resolved in Alertmanager once it is resolved here. Skipped, saying
 * so, only when the binary is absent: install it with {@code apt-get install -y prometheus-alertmanager}.
 */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class RealAlertmanagerTest {
    private static final Path BINARY = Path.of(System.getProperty("unison.alertmanager",
            "/usr/bin/prometheus-alertmanager"));
    private static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(2);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Process alertmanager;
    private Path dir;
    private String url;

    @BeforeEach
    void startAlertmanager() throws Exception {
        assumeTrue(Files.isExecutable(BINARY), "Skipped: no Alertmanager binary at " + BINARY
                + "; install it with: apt-get install -y prometheus-alertmanager");
        dir = Files.createTempDirectory("unison-alertmanager-");
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, """
                global:
                  resolve_timeout: %ds
                route:
                  receiver: blackhole
                  group_by: [alertname]
                  group_wait: 1s
                  group_interval: 1s
                receivers:
                  - name: blackhole
                """.formatted(RESOLVE_TIMEOUT.toSeconds()));
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        url = "http://127.0.0.1:" + port;
        alertmanager = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=", "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> get("/-/ready").statusCode() == 200);
    }

    @AfterEach
    void stopAlertmanager() throws Exception {
        if (alertmanager != null) {
            alertmanager.destroy();
            if (!alertmanager.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                alertmanager.destroyForcibly();
            }
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void openAlertStaysActivePastResolveTimeoutAndIsResolvedWhenResolvedHere() throws Exception {
        String u = unique();
        String department = "oncall-" + u;
        TestAlerts.subscribe(Map.of("department", department, "type", "alertmanager", "url", url));
        Alert alert = alert("conflicting-answers", Alert.CRITICAL, "cust-" + u, List.of(department), "fp-" + u);

        send(alert);

        await().atMost(Duration.ofSeconds(45)).until(() -> active(alert.alertId()) != null);
        JsonNode seen = active(alert.alertId());
        assertThat(seen.path("labels").path("alertname").asText()).isEqualTo("conflicting-answers");
        assertThat(seen.path("labels").path("customer").asText()).isEqualTo(alert.customerId());
        assertThat(seen.path("labels").path("department").asText()).isEqualTo(department);
        assertThat(seen.path("status").path("state").asText()).isEqualTo("active");

        // open for five times resolve_timeout (and past the endsAt of the first push): still active all along
        await().during(RESOLVE_TIMEOUT.multipliedBy(5)).atMost(RESOLVE_TIMEOUT.multipliedBy(7))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> active(alert.alertId()) != null);

        given().contentType(ContentType.JSON).body(Map.of()).when()
                .post("/alerts/" + alert.alertId() + "/resolve").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> active(alert.alertId()) == null);
    }

    /** The alert as Alertmanager's API v2 lists it (only alerts not yet ended are listed), or null. */
    private JsonNode active(String alertId) throws IOException, InterruptedException {
        String filter = URLEncoder.encode("alert_id=\"" + alertId + "\"", StandardCharsets.UTF_8);
        HttpResponse<String> response = get("/api/v2/alerts?filter=" + filter);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode alerts = EventJson.MAPPER.readTree(response.body());
        return alerts.isEmpty() ? null : alerts.get(0);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
