package dev.unison.notification;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.Alert;
import dev.unison.contracts.EventJson;
import dev.unison.notification.views.ConsistencyScore;
import dev.unison.notification.views.ConsistencyScore.Count;
import dev.unison.notification.views.Part;
import dev.unison.testsupport.TestTokens;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static dev.unison.notification.TestAlerts.alert;
import static dev.unison.notification.TestAlerts.send;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/**
 * The consistency score, exact on a known data set: alerts counted here in weeks of June 2023 (no other test writes
 * there), and the rates over customers touched as journey-service reports them.
 */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class ConsistencyScoreTest {
    /** Monday of ISO week 2023-W23. */
    private static final OffsetDateTime W23 = OffsetDateTime.of(2023, 6, 5, 10, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void alertsOfTheFourRulesAreCountedPerWeekCompanyWideAndPerDepartment() {
        String u = TestAlerts.unique();
        String a = "score-a-" + u;
        String b = "score-b-" + u;
        List<Alert> alerts = List.of(
                alert("conflicting-answers", Alert.WARNING, "c1-" + u, List.of(a, b), "s1" + u, W23),
                alert("conflicting-answers", Alert.WARNING, "c2-" + u, List.of(a, b), "s2" + u, W23.plusDays(1)),
                alert("repeated-info-request", Alert.WARNING, "c3-" + u, List.of(a), "s3" + u, W23.plusDays(2)),
                alert("duplicate-outreach", Alert.INFO, "c4-" + u, List.of(b), "s4" + u, W23.plusDays(3)),
                alert("ticket-maze", Alert.WARNING, "c5-" + u, List.of(a, b), "s5" + u, W23.plusDays(6)),
                alert("automation-loop", Alert.WARNING, "c6-" + u, List.of(a), "s6" + u, W23.plusDays(4)), // not counted
                alert("conflicting-answers", Alert.WARNING, "c7-" + u, List.of(a), "s7" + u, W23.plusDays(7)));
        alerts.forEach(TestAlerts::send);
        await().atMost(Duration.ofSeconds(60)).until(() -> Integer.valueOf(6).equals(given()
                .queryParam("department", a).get("/alerts").path("total")));

        String ops = TestTokens.withRoles("ops");
        given().auth().oauth2(ops).queryParam("from", "2023-06-05").queryParam("to", "2023-06-19")
                .get("/analytics/consistency").then().statusCode(200)
                .body("rules", is(ConsistencyScore.RULES))
                // journey-service does not run in these tests: counts without rates, and why
                .body("touched.status", is(502))
                .body("weeks.week", is(List.of("2023-W23", "2023-W24")))
                .body("weeks[0].company.alerts", is(Map.of("conflicting-answers", 2, "repeated-info-request", 1,
                        "duplicate-outreach", 1, "ticket-maze", 1)))
                .body("weeks[0].company.total", is(5))
                .body("weeks[0].company.customersTouched", nullValue())
                .body("weeks[0].company.totalPer1000", nullValue())
                .body("weeks[0].departments." + a + ".alerts", is(Map.of("conflicting-answers", 2,
                        "repeated-info-request", 1, "duplicate-outreach", 0, "ticket-maze", 1)))
                .body("weeks[0].departments." + b + ".total", is(4))
                .body("weeks[1].company.total", is(1))
                .body("weeks[1].departments." + a + ".alerts.conflicting-answers", is(1));
        given().auth().oauth2(ops).queryParam("from", "2023-06-19").queryParam("to", "2023-06-05")
                .get("/analytics/consistency").then().statusCode(400).body("errors[0].pointer", is("/query/from"));
    }

    @Test
    void ratesArePerThousandCustomersTouchedByTheWeekAndDepartment() throws Exception {
        JsonNode touched = EventJson.MAPPER.readTree("""
                {"weeks": [{"week": "2023-W23", "customers": 250, "byDepartment": {"sales": 40, "support": 200}},
                           {"week": "2023-W24", "customers": 3, "byDepartment": {"support": 3}}]}""");
        ConsistencyScore score = ConsistencyScore.of(W23, W23.plusDays(14), List.of(
                new Count("2023-W23", null, "conflicting-answers", 2),
                new Count("2023-W23", null, "ticket-maze", 1),
                new Count("2023-W23", "sales", "conflicting-answers", 2),
                new Count("2023-W23", "support", "ticket-maze", 1),
                new Count("2023-W24", null, "duplicate-outreach", 1),
                new Count("2023-W24", "support", "duplicate-outreach", 1),
                new Count("2023-W24", "billing", "duplicate-outreach", 1)),
                new Part("journey-service", 200, touched, null));
        assertThat(score.touched().data()).isNull();
        ConsistencyScore.Week w23 = score.weeks().get(0);
        assertThat(w23.company().customersTouched()).isEqualTo(250);
        assertThat(w23.company().per1000().get("conflicting-answers")).isEqualByComparingTo("8.00");
        assertThat(w23.company().totalPer1000()).isEqualByComparingTo("12.00");
        assertThat(w23.departments().get("sales").per1000().get("conflicting-answers")).isEqualByComparingTo("50.00");
        assertThat(w23.departments().get("support").totalPer1000()).isEqualByComparingTo("5.00");
        ConsistencyScore.Week w24 = score.weeks().get(1);
        assertThat(w24.company().totalPer1000()).isEqualByComparingTo("333.33");
        // billing had an alert but touched no customer that week: a count, no rate
        assertThat(w24.departments().get("billing").customersTouched()).isZero();
        assertThat(w24.departments().get("billing").totalPer1000()).isNull();
        assertThat(w24.departments().keySet()).containsExactly("billing", "support");
        assertThat(new BigDecimal("333.33")).isEqualByComparingTo(w24.departments().get("support").totalPer1000());
    }
}
