package dev.unison.notification;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.Alert;
import dev.unison.contracts.DeadLetters;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Topics;
import dev.unison.notification.messaging.AlertTopics;
import dev.unison.notification.messaging.WebhookSignature;
import dev.unison.notification.service.DeliveryWorker;
import dev.unison.testsupport.KafkaTestClient;
import dev.unison.testsupport.UnisonTestResources;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static dev.unison.notification.TestAlerts.SECRET;
import static dev.unison.notification.TestAlerts.alert;
import static dev.unison.notification.TestAlerts.send;
import static dev.unison.notification.TestAlerts.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class AlertDeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final Receiver receiver = Receiver.start();

    @Inject
    DeliveryWorker worker;

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void alertNamingTwoDepartmentsReachesEachDepartmentsWebhookAndTopicOnceWithValidSignatures() throws Exception {
        String u = unique();
        String sales = "sales-" + u;
        String support = "support-" + u;
        TestAlerts.webhook(sales, receiver.url("/sales-" + u));
        TestAlerts.webhook(support, receiver.url("/support-" + u));
        TestAlerts.kafka(sales);
        TestAlerts.kafka(support);
        Alert alert = alert("conflicting-answers", Alert.WARNING, "cust-" + u, List.of(sales, support), "fp-" + u);

        Instant sent = Instant.now();
        send(alert);

        await().atMost(WAIT).untilAsserted(() -> {
            List<JsonNode> deliveries = deliveries(alert.alertId());
            assertThat(deliveries).hasSize(4);
            assertThat(deliveries).allSatisfy(d -> assertThat(d.path("status").asText()).isEqualTo("succeeded"));
        });
        System.out.printf("Alert produced to cx.alerts.v1 reached the webhooks %d ms and %d ms later%n",
                Duration.between(sent, receiver.webhooks("/" + sales, alert.alertId()).get(0).at()).toMillis(),
                Duration.between(sent, receiver.webhooks("/" + support, alert.alertId()).get(0).at()).toMillis());
        for (String department : List.of(sales, support)) {
            List<Receiver.Request> got = receiver.webhooks("/" + department, alert.alertId());
            assertThat(got).as("webhook of %s", department).hasSize(1);
            Receiver.Request request = got.get(0);
            assertThat(request.header("Content-Type")).startsWith("application/json");
            assertThat(WebhookSignature.verify(SECRET, request.header(WebhookSignature.TIMESTAMP_HEADER),
                    request.body(), request.header(WebhookSignature.SIGNATURE_HEADER))).as("valid signature").isTrue();
            assertThat(WebhookSignature.verify("another-secret-0123456789", request.header(
                    WebhookSignature.TIMESTAMP_HEADER), request.body(), request.header(
                    WebhookSignature.SIGNATURE_HEADER))).as("signature depends on the secret").isFalse();
            assertThat(Math.abs(Long.parseLong(request.header(WebhookSignature.TIMESTAMP_HEADER))
                    - request.at().getEpochSecond())).isLessThanOrEqualTo(5);
            JsonNode body = request.json();
            assertThat(body.path("department").asText()).isEqualTo(department);
            assertThat(body.path("reason").asText()).isEqualTo("alert");
            assertThat(body.path("alerts")).hasSize(1);
            assertThat(body.path("alerts").get(0).path("summary").asText()).isEqualTo(alert.summary());
            assertThat(body.path("alerts").get(0).path("customerId").asText()).isEqualTo(alert.customerId());
            assertThat(body.path("alerts").get(0).path("evidence")).hasSize(2);
            assertThat(body.path("group").path("id").asText())
                    .isEqualTo(body.path("alerts").get(0).path("groupId").asText());
            assertThat(body.path("dashboardUrl").asText()).endsWith("#group=" + body.path("group").path("id").asText());

            List<ConsumerRecord<byte[], byte[]>> records = KafkaTestClient.await(Topics.alertsFor(department),
                    r -> alert.alertId().equals(EventJson.toAlert(r.value()).alertId()), 2, Duration.ofMillis(1500));
            assertThat(records).as("records on %s", Topics.alertsFor(department)).hasSize(1);
            assertThat(KafkaTestClient.text(records.get(0).key())).isEqualTo(alert.customerId());
            Alert copied = EventJson.toAlert(records.get(0).value());
            assertThat(copied.departments()).containsExactly(sales, support);
            assertThat(copied.rule()).isEqualTo(alert.rule());
            CloudEvent event = KafkaMessageFactory.createReader(records.get(0).headers(), records.get(0).value()).toEvent();
            assertThat(event.getType()).isEqualTo("cx.alert." + alert.rule());
            assertThat(event.getId()).isEqualTo(alert.alertId());
            assertThat(event.getSubject()).isEqualTo(alert.customerId());
        }

        // the worker runs again (as after a restart): nothing that succeeded is claimed or sent again
        worker.runOnce();
        Thread.sleep(1000);
        assertThat(receiver.webhooks("/" + sales, alert.alertId())).hasSize(1);
        assertThat(receiver.webhooks("/" + support, alert.alertId())).hasSize(1);
        assertThat(deliveries(alert.alertId())).allSatisfy(d -> assertThat(d.path("attempts").asInt()).isEqualTo(1));
    }

    @Test
    void receiverThatFailsTwiceGetsTheAlertOnceAfterBackoffAndEveryAttemptIsLogged() throws Exception {
        String u = unique();
        String department = "billing-" + u;
        String path = "/flaky-" + u;
        receiver.failNext(path, 2);
        TestAlerts.webhook(department, receiver.url(path));
        Alert alert = alert("duplicate-outreach", Alert.WARNING, "cust-" + u, List.of(department), "fp-" + u);

        send(alert);

        await().atMost(WAIT).untilAsserted(() -> assertThat(deliveries(alert.alertId()))
                .singleElement().satisfies(d -> assertThat(d.path("status").asText()).isEqualTo("succeeded")));
        JsonNode delivery = deliveries(alert.alertId()).get(0);
        assertThat(delivery.path("attempts").asInt()).isEqualTo(3);
        assertThat(delivery.path("log").findValuesAsText("outcome")).containsExactly("failed", "failed", "succeeded");
        assertThat(delivery.path("log").findValues("httpStatus")).extracting(JsonNode::asInt)
                .containsExactly(500, 500, 200);
        List<Receiver.Request> got = receiver.webhooks(path, alert.alertId());
        assertThat(got).hasSize(3);
        assertThat(got).filteredOn(r -> r.status() == 200).hasSize(1);
        assertThat(got).extracting(r -> r.header(WebhookSignature.DELIVERY_HEADER)).containsOnly(
                delivery.path("id").asText());
        // exponential backoff: the second pause is longer than the first (0.3 s, then 0.6 s in the test profile)
        Duration first = Duration.between(got.get(0).at(), got.get(1).at());
        Duration second = Duration.between(got.get(1).at(), got.get(2).at());
        assertThat(first).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(second).isGreaterThanOrEqualTo(Duration.ofMillis(550));
    }

    @Test
    void deliveryIsMarkedFailedAndVisibleAfterTheLastRetry() throws Exception {
        String u = unique();
        String department = "legal-" + u;
        String path = "/down-" + u;
        receiver.failNext(path, 1000);
        TestAlerts.webhook(department, receiver.url(path));
        Alert alert = alert("ticket-maze", Alert.INFO, "cust-" + u, List.of(department), "fp-" + u);

        send(alert);

        await().atMost(WAIT).untilAsserted(() -> assertThat(deliveries(alert.alertId()))
                .singleElement().satisfies(d -> assertThat(d.path("status").asText()).isEqualTo("failed")));
        JsonNode delivery = deliveries(alert.alertId()).get(0);
        assertThat(delivery.path("attempts").asInt()).isEqualTo(4);
        assertThat(delivery.path("log").findValuesAsText("outcome")).containsOnly("failed").hasSize(4);
        assertThat(delivery.path("lastError").asText()).contains("500");
        assertThat(receiver.webhooks(path, alert.alertId())).hasSize(4);
    }

    @Test
    void silencedAlertIsStoredButNotSent() throws Exception {
        String u = unique();
        String silenced = "marketing-" + u;
        String path = "/silenced-" + u;
        TestAlerts.webhook(silenced, receiver.url(path));
        given().contentType(ContentType.JSON)
                .body(Map.of("department", silenced, "rule", "duplicate-outreach",
                        "endsAt", OffsetDateTime.now().plusHours(1).toString(), "comment", "campaign"))
                .when().post("/silences").then().statusCode(201);
        Alert quiet = alert("duplicate-outreach", Alert.WARNING, "cust-" + u, List.of(silenced), "fp-" + u);
        // another rule is not matched by the silence: it goes out, and shows the worker did run after the silenced one
        Alert loud = alert("repeated-info-request", Alert.WARNING, "cust-" + u, List.of(silenced), "fp2-" + u);

        send(quiet);
        send(loud);

        await().atMost(WAIT).until(() -> receiver.webhooks(path, loud.alertId()).size() == 1);
        given().when().get("/alerts/" + quiet.alertId()).then().statusCode(200)
                .body("silenced", org.hamcrest.Matchers.is(true))
                .body("status", org.hamcrest.Matchers.is("open"));
        assertThat(deliveries(quiet.alertId())).isEmpty();
        worker.runOnce();
        assertThat(receiver.webhooks(path, quiet.alertId())).isEmpty();
    }

    @Test
    void alertsSharingAFingerprintAreEachStoredInOneGroupNotifiedTogetherAndAReplayChangesNothing() throws Exception {
        String u = unique();
        String department = "product-" + u;
        String path = "/product-" + u;
        TestAlerts.webhook(department, receiver.url(path));
        String fingerprint = "unacknowledged-bug:BUG-" + u;
        Alert first = alert("unacknowledged-bug", Alert.INFO, "ana-" + u, List.of(department), fingerprint);
        Alert second = alert("unacknowledged-bug", Alert.WARNING, "ben-" + u, List.of(department), fingerprint);

        send(first);
        send(first);
        send(second);

        await().atMost(WAIT).until(() -> receiver.webhooks(path, first.alertId()).size() == 1
                && receiver.webhooks(path, second.alertId()).size() == 1);
        String group = given().when().get("/alerts/" + first.alertId()).then().statusCode(200)
                .body("customerId", is(first.customerId()))
                .extract().path("groupId");
        given().when().get("/alerts/" + second.alertId()).then().statusCode(200)
                .body("customerId", is(second.customerId())).body("summary", is(second.summary()))
                .body("groupId", is(group));
        given().when().get("/alerts?customer=" + second.customerId()).then()
                .body("items.id", contains(second.alertId()));
        given().when().get("/alert-groups/" + group).then().statusCode(200)
                .body("alerts", is(2)).body("customers", is(2)).body("severity", is("warning"))
                .body("labels.fingerprint", is(fingerprint));

        // a later alert of the group is told in a later notification, group-interval (2 s here) after the last
        Receiver.Request last = receiver.webhooks(path, second.alertId()).get(0);
        Alert third = alert("unacknowledged-bug", Alert.INFO, "cy-" + u, List.of(department), fingerprint);
        send(third);
        await().atMost(WAIT).until(() -> receiver.webhooks(path, third.alertId()).size() == 1);
        Receiver.Request later = receiver.webhooks(path, third.alertId()).get(0);
        assertThat(later.alertIds()).containsExactly(third.alertId());
        assertThat(Duration.between(last.at(), later.at())).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        assertThat(later.json().path("group").path("id").asText()).isEqualTo(group);
        assertThat(receiver.requests(path).stream().flatMap(r -> r.alertIds().stream()).toList())
                .as("each alert named once").containsExactlyInAnyOrder(first.alertId(), second.alertId(),
                        third.alertId());
        given().when().get("/alerts?group=" + group).then().body("total", is(3));

        // resolving the group resolves each of its alerts; the next alert of the fingerprint opens a new group
        given().contentType(ContentType.JSON).body(Map.of("note", "fixed in 2.4.1")).when()
                .post("/alert-groups/" + group + "/resolve").then().statusCode(200)
                .body("status", is("resolved")).body("resolved", is(3));
        given().when().get("/alerts/" + second.alertId()).then().body("status", is("resolved"))
                .body("resolvedBy", is("tester"));
        given().contentType(ContentType.JSON).body(Map.of()).when()
                .post("/alert-groups/" + group + "/acknowledge").then().statusCode(409);
        Alert after = alert("unacknowledged-bug", Alert.INFO, "ana-" + u, List.of(department), fingerprint);
        send(after);
        send(first);
        await().atMost(WAIT).until(() -> receiver.webhooks(path, after.alertId()).size() == 1);
        given().when().get("/alerts/" + after.alertId()).then().statusCode(200)
                .body("status", is("open")).body("groupId", not(group));
        given().when().get("/alerts?group=" + group).then().body("total", is(3));
        assertThat(receiver.webhooks(path, first.alertId())).hasSize(1);
    }

    @Test
    void alertmanagerGetsOpenAlertsAgainEveryResendIntervalAndAResolvedOneOnceWithItsEnd() {
        String u = unique();
        String department = "ops-" + u;
        String path = "/am-" + u + "/api/v2/alerts";
        TestAlerts.subscribe(Map.of("department", department, "type", "alertmanager",
                "url", receiver.url("/am-" + u)));
        Alert alert = alert("automation-loop", Alert.WARNING, "cust-" + u, List.of(department), "fp-" + u);

        send(alert);

        await().atMost(WAIT).until(() -> pushes(path, alert.alertId()).size() >= 2);
        List<Receiver.Request> pushes = pushes(path, alert.alertId());
        JsonNode item = item(pushes.get(0), alert.alertId());
        assertThat(item.path("labels").path("alertname").asText()).isEqualTo("automation-loop");
        assertThat(item.path("labels").path("department").asText()).isEqualTo(department);
        assertThat(item.path("labels").path("customer").asText()).isEqualTo(alert.customerId());
        assertThat(item.path("labels").path("severity").asText()).isEqualTo("warning");
        assertThat(item.path("labels").path("fingerprint").asText()).isEqualTo(alert.fingerprint());
        assertThat(item.path("annotations").path("summary").asText()).isEqualTo(alert.summary());
        assertThat(OffsetDateTime.parse(item.path("startsAt").asText())).isEqualTo(alert.detectedAt());
        assertThat(item.path("generatorURL").asText()).endsWith("#alert=" + alert.alertId());
        // open: endsAt four re-send intervals (2 s here) ahead of each push, so Alertmanager keeps it firing
        for (Receiver.Request push : pushes) {
            Duration ahead = Duration.between(push.at(), OffsetDateTime.parse(item(push, alert.alertId())
                    .path("endsAt").asText()).toInstant());
            assertThat(ahead).isBetween(Duration.ofSeconds(6), Duration.ofSeconds(9));
        }
        assertThat(Duration.between(pushes.get(0).at(), pushes.get(1).at()))
                .isBetween(Duration.ofMillis(1500), Duration.ofSeconds(5));

        String resolvedAt = given().contentType(ContentType.JSON).body(Map.of()).when()
                .post("/alerts/" + alert.alertId() + "/resolve").then().statusCode(200).extract().path("resolvedAt");
        Instant end = OffsetDateTime.parse(resolvedAt).toInstant();
        await().atMost(WAIT).until(() -> pushes(path, alert.alertId()).stream().anyMatch(r ->
                Instant.parse(item(r, alert.alertId()).path("endsAt").asText()).equals(end)));
        int count = pushes(path, alert.alertId()).size();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> pushes(path, alert.alertId()).size() == count);
    }

    private static List<Receiver.Request> pushes(String path, String alertId) {
        return receiver.requests(path).stream().filter(r -> item(r, alertId) != null).toList();
    }

    private static JsonNode item(Receiver.Request request, String alertId) {
        for (JsonNode item : request.json()) {
            if (alertId.equals(item.path("labels").path("alert_id").asText())) {
                return item;
            }
        }
        return null;
    }

    @Test
    void invalidAlertsGoToTheDeadLetterTopicWithTheReasonAndTheGoodOnesAfterThemAreStored() {
        String u = unique();
        String key = "dlq-" + u;
        Alert incomplete = new Alert("id-" + u, "conflicting-answers", Alert.WARNING, key, List.of("sales"),
                "fp-" + u, null, List.of(), OffsetDateTime.now(), null);
        Alert template = alert("conflicting-answers", Alert.WARNING, key, List.of("sales-" + u), "nul-" + u);
        Alert unstorable = new Alert(template.alertId(), template.rule(), template.severity(), key,
                template.departments(), template.fingerprint(), "a NUL \u0000 and half a pair \ud800",
                template.evidence(), template.detectedAt(), null);
        Alert good = alert("conflicting-answers", Alert.WARNING, key, List.of("sales-" + u), "good-" + u);
        KafkaTestClient.send(Topics.ALERTS, key, EventJson.string(incomplete));
        KafkaTestClient.send(Topics.ALERTS, key, "this is not json");
        KafkaTestClient.send(Topics.ALERTS, key, EventJson.string(unstorable));
        send(good);

        List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestClient.await(AlertTopics.ALERTS_DLQ,
                r -> key.equals(KafkaTestClient.text(r.key())), 3, WAIT);

        assertThat(dead).hasSize(3);
        assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.REASON)).contains("/summary");
        assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo(Topics.ALERTS);
        assertThat(DeadLetters.header(dead.get(1).headers(), DeadLetters.REASON)).contains("not JSON");
        assertThat(DeadLetters.header(dead.get(2).headers(), DeadLetters.REASON)).contains("/summary", "NUL");
        given().when().get("/alerts/id-" + u).then().statusCode(404);
        given().when().get("/alerts/" + unstorable.alertId()).then().statusCode(404);
        await().atMost(WAIT).untilAsserted(() -> given().when().get("/alerts/" + good.alertId()).then()
                .statusCode(200));
    }

    /**
     * What a crash leaves behind: an instance that sent one delivery (recorded succeeded) and had claimed another
     * when it died (pending, leased). After a restart the leased one is taken over once its lease expires and sent
     * once; the succeeded one is never sent again.
     */
    @Test
    void deliveriesLeftByADeadInstanceAreTakenOverAfterTheLeaseAndSucceededOnesAreNotRepeated() throws Exception {
        String u = unique();
        String doneDept = "done-" + u;
        String leasedDept = "leased-" + u;
        String doneSub = TestAlerts.webhook(doneDept, receiver.url("/done-" + u));
        String leasedSub = TestAlerts.webhook(leasedDept, receiver.url("/leased-" + u));
        String alertId = "crash-" + u;
        java.time.Instant leaseEnds;
        try (java.sql.Connection c = UnisonTestResources.database().connect(); java.sql.Statement s = c.createStatement()) {
            String group = java.util.UUID.randomUUID().toString();
            String done = java.util.UUID.randomUUID().toString();
            String leased = java.util.UUID.randomUUID().toString();
            s.execute("INSERT INTO alert_groups (id, group_key, labels, severity) VALUES ('" + group
                    + "', 'fingerprint=fp-" + u + "', '{}', 'info')");
            s.execute("INSERT INTO alerts (id, group_id, rule, severity, customer_id, departments, fingerprint, "
                    + "summary, evidence, detected_at) VALUES ('" + alertId + "', '" + group + "', 'ticket-maze', "
                    + "'info', 'cust-" + u + "', ARRAY['" + doneDept + "', '" + leasedDept + "'], 'fp-" + u
                    + "', 'left by a crash', '[]', now())");
            s.execute("INSERT INTO deliveries (id, group_id, subscription_id, reason, department, type, target, "
                    + "status, attempts, completed_at) VALUES ('" + done + "', '" + group + "', '" + doneSub
                    + "', 'alert', '" + doneDept + "', 'webhook', 'x', 'succeeded', 1, now())");
            try (java.sql.ResultSet rs = s.executeQuery("INSERT INTO deliveries (id, group_id, subscription_id, "
                    + "reason, department, type, target, status, attempts, lease_until) VALUES ('" + leased + "', '"
                    + group + "', '" + leasedSub + "', 'alert', '" + leasedDept + "', 'webhook', 'x', 'pending', 1, "
                    + "now() + interval '3 seconds') RETURNING lease_until")) {
                rs.next();
                leaseEnds = rs.getObject(1, OffsetDateTime.class).toInstant();
            }
            s.execute("INSERT INTO delivery_alerts (delivery_id, alert_id) VALUES ('" + done + "', '" + alertId
                    + "'), ('" + leased + "', '" + alertId + "')");
        }

        await().atMost(WAIT).until(() -> receiver.webhooks("/leased-" + u, alertId).size() == 1);
        worker.runOnce();
        Thread.sleep(500);

        List<Receiver.Request> leased = receiver.webhooks("/leased-" + u, alertId);
        assertThat(leased).hasSize(1);
        assertThat(leased.get(0).at()).as("not before the dead instance's lease ended").isAfterOrEqualTo(
                leaseEnds.minusMillis(50));
        assertThat(receiver.webhooks("/done-" + u, alertId)).as("a succeeded delivery is never repeated").isEmpty();
        List<JsonNode> rows = deliveries(alertId);
        assertThat(rows).extracting(d -> d.path("department").asText() + "=" + d.path("status").asText()
                        + "/" + d.path("attempts").asInt())
                .containsExactlyInAnyOrder(doneDept + "=succeeded/1", leasedDept + "=succeeded/2");
    }

    static List<JsonNode> deliveries(String alertId) throws Exception {
        String json = given().when().get("/alerts/" + alertId + "/deliveries").then().statusCode(200)
                .extract().asString();
        return EventJson.MAPPER.readValue(json, EventJson.MAPPER.getTypeFactory()
                .constructCollectionType(List.class, JsonNode.class));
    }
}
