package dev.unison.notification;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.Alert;
import dev.unison.contracts.Evidence;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.unison.notification.TestAlerts.send;
import static dev.unison.notification.TestAlerts.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/**
 * Groups never hide an alert: many customers share questions, campaigns, fields and bugs over several days of event
 * time, and each alert is stored on its own and reaches every department it names, naming its customer.
 */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class GroupNotificationTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Receiver receiver = Receiver.start();

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    /** What consistency-service would raise for a customer: a rule, a shared subject, the departments involved. */
    private record Story(String rule, String subject, List<String> departments) {
    }

    @Test
    void manyCustomersSharingSubjectsOverSeveralDaysAreEachStoredAndNamedToEveryDepartmentInvolved() {
        String u = unique();
        List<String> departments = List.of("sales", "support", "billing", "marketing", "product", "accounts").stream()
                .map(d -> d + "-" + u).toList();
        for (String d : departments) {
            TestAlerts.webhook(d, receiver.url("/" + d));
        }
        String sales = departments.get(0);
        String support = departments.get(1);
        String billing = departments.get(2);
        String marketing = departments.get(3);
        String product = departments.get(4);
        String accounts = departments.get(5);
        List<Story> stories = List.of(
                new Story("conflicting-answers", "cancellation-fee", List.of(sales, billing)),
                new Story("conflicting-answers", "cancellation-fee", List.of(support, billing)),
                new Story("repeated-info-request", "iban", List.of(billing, support)),
                new Story("duplicate-outreach", "campaign-spring", List.of(marketing, sales)),
                new Story("unacknowledged-bug", "BUG-7", List.of(product, support)),
                new Story("unacknowledged-bug", "BUG-7", List.of(product, sales)),
                new Story("renewal-only-contact", "renewal", List.of(accounts, sales)),
                new Story("automation-loop", "password-reset", List.of(support)));
        Random random = new Random(14);
        OffsetDateTime day0 = OffsetDateTime.of(2026, 11, 2, 9, 0, 0, 0, ZoneOffset.UTC);
        List<Alert> alerts = new ArrayList<>();
        for (int c = 0; c < 40; c++) {
            String customer = "C-" + u + "-" + c;
            for (int s = 0; s < 3; s++) {
                Story story = stories.get(random.nextInt(stories.size()));
                OffsetDateTime at = day0.plusDays(random.nextInt(5)).plusMinutes(random.nextInt(600));
                alerts.add(alert(story, customer, at, u));
            }
        }
        Collections.shuffle(alerts, random);
        double storedBefore = counter("unison_alerts_stored_total");

        long sent = System.nanoTime();
        alerts.forEach(TestAlerts::send);
        alerts.subList(0, 10).forEach(TestAlerts::send); // replays change nothing
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> counter("unison_alerts_stored_total") - storedBefore >= alerts.size());
        long storedMs = (System.nanoTime() - sent) / 1_000_000;

        Map<String, Set<String>> expected = new HashMap<>(); // department -> alert ids it must be told of
        alerts.forEach(a -> a.departments().forEach(d -> expected.computeIfAbsent(d, k -> new TreeSet<>())
                .add(a.alertId())));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String d : departments) {
                assertThat(told(d).keySet()).as("alerts told to %s", d)
                        .containsAll(expected.getOrDefault(d, Set.of()));
            }
        });
        System.out.printf("%d alerts for 40 customers (%d subjects over 5 days) stored one by one, %d ms after the "
                        + "first was sent (each send waits for the broker), and told to %d departments in %d "
                        + "notifications%n", alerts.size(), stories.size(), storedMs, departments.size(),
                departments.stream().mapToInt(d -> receiver.requests("/" + d).size()).sum());

        // every alert stored on its own: N sent, N stored
        assertThat(counter("unison_alerts_stored_total") - storedBefore).isEqualTo(alerts.size());
        for (Alert a : alerts) {
            given().when().get("/alerts/" + a.alertId()).then().statusCode(200)
                    .body("customerId", is(a.customerId())).body("summary", is(a.summary()));
        }
        Map<String, Long> perCustomer = alerts.stream().collect(Collectors.groupingBy(Alert::customerId,
                Collectors.counting()));
        perCustomer.forEach((customer, n) -> given().when().get("/alerts?customer=" + customer).then()
                .body("total", is(n.intValue())));

        // every department is told of each of its alerts once, naming the customer and the departments involved
        for (String d : departments) {
            Map<String, List<JsonNode>> told = told(d);
            assertThat(told.keySet()).containsExactlyInAnyOrderElementsOf(expected.getOrDefault(d, Set.of()));
            for (Alert a : alerts) {
                if (a.departments().contains(d)) {
                    assertThat(told.get(a.alertId())).as("%s told to %s", a.alertId(), d).hasSize(1);
                    JsonNode named = told.get(a.alertId()).get(0);
                    assertThat(named.path("customerId").asText()).isEqualTo(a.customerId());
                    assertThat(named.path("summary").asText()).isEqualTo(a.summary());
                    List<String> involved = new ArrayList<>();
                    named.path("departments").forEach(n -> involved.add(n.asText()));
                    assertThat(involved).containsExactlyElementsOf(a.departments());
                }
            }
        }

        // alerts sharing a subject share a group: each group names all its customers
        Map<String, Set<String>> customersBySubject = new LinkedHashMap<>();
        alerts.forEach(a -> customersBySubject.computeIfAbsent(a.fingerprint(), k -> new TreeSet<>())
                .add(a.customerId()));
        customersBySubject.forEach((fingerprint, customers) -> {
            Alert member = alerts.stream().filter(a -> a.fingerprint().equals(fingerprint)).findFirst().orElseThrow();
            String group = given().when().get("/alerts/" + member.alertId()).then().extract().path("groupId");
            given().when().get("/alert-groups/" + group).then().statusCode(200)
                    .body("customers", is(customers.size()))
                    .body("labels.fingerprint", is(fingerprint));
        });
        assertThat(receiver.requests("/" + billing)).as("billing hears of several customers in one notification")
                .anyMatch(r -> r.json().path("alerts").size() > 1);
    }

    @Test
    void aSubscriptionsOwnRepeatIntervalRepeatsItsOpenAlertsUntilTheyAreAcknowledged() {
        String u = unique();
        String department = "repeat-" + u;
        String path = "/repeat-" + u;
        TestAlerts.subscribe(Map.of("department", department, "type", "webhook", "url", receiver.url(path),
                "secret", TestAlerts.SECRET, "groupWait", "PT0S", "repeatInterval", "PT1S"));
        Alert alert = TestAlerts.alert("ticket-maze", Alert.INFO, "cust-" + u, List.of(department), "fp-" + u);

        send(alert);

        await().atMost(WAIT).until(() -> reasons(path).contains("repeat"));
        List<Receiver.Request> got = receiver.webhooks(path, alert.alertId());
        assertThat(got.get(0).json().path("reason").asText()).isEqualTo("alert");
        assertThat(got.get(1).json().path("reason").asText()).isEqualTo("repeat");
        assertThat(Duration.between(got.get(0).at(), got.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        given().contentType(ContentType.JSON).body(Map.of()).when()
                .post("/alerts/" + alert.alertId() + "/acknowledge").then().statusCode(200);
        int count = receiver.requests(path).size();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> receiver.requests(path).size() <= count + 1);
        given().when().get("/subscriptions?department=" + department).then()
                .body("[0].repeatInterval", is("PT1S")).body("[0].groupWait", is("PT0S"));
    }

    private static List<String> reasons(String path) {
        return receiver.requests(path).stream().map(r -> r.json().path("reason").asText()).toList();
    }

    /** Each alert told to a department in an "alert" notification, with every naming of it. */
    /**
     * The alerts told to a department, each with one entry per notification that named it. Deliveries are at least
     * once: a retry repeats a notification with its delivery id (the receiver's answer came too late, say), and counts
     * once, as a receiver deduplicating on the id would.
     */
    private static Map<String, List<JsonNode>> told(String department) {
        Map<String, List<JsonNode>> out = new HashMap<>();
        Set<String> deliveries = new java.util.HashSet<>();
        for (Receiver.Request r : receiver.requests("/" + department)) {
            if ("alert".equals(r.json().path("reason").asText())
                    && deliveries.add(r.json().path("deliveryId").asText())) {
                r.json().path("alerts").forEach(a -> out.computeIfAbsent(a.path("id").asText(),
                        k -> new ArrayList<>()).add(a));
            }
        }
        return out;
    }

    private static Alert alert(Story story, String customer, OffsetDateTime at, String u) {
        String id = UUID.randomUUID().toString();
        List<Evidence> evidence = story.departments().stream()
                .map(d -> new Evidence("evt-" + id.substring(0, 8) + "-" + d, "urn:test:" + d,
                        "cx.touch.answer-given", d, at.minusHours(2), d + " about " + story.subject()))
                .toList();
        return new Alert(id, story.rule(), Alert.WARNING, customer, story.departments(),
                story.rule() + ":" + story.subject() + "-" + u,
                String.join(" and ", story.departments()) + " told " + customer + " different things about "
                        + story.subject(), evidence, at, Map.of("subject", story.subject()));
    }

    private static double counter(String name) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
