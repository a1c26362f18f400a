package dev.unison.feedback;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static dev.unison.feedback.FeedbackEvents.agentSurvey;
import static dev.unison.feedback.FeedbackEvents.survey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Possibly solicited answers (burst rule: 3 different customers within 30 minutes for one agent) on a known set in
 * July 2025 (no other test writes there), department "field".
 *
 * <pre>
 * agent-burst: p1 csat 5 10:00, p2 csat 5 10:10, p3 csat 4 and nps 10 10:25 → 3 customers in 25 min: solicited
 *              p4 csat 5 11:30 → alone: not solicited
 * agent-calm:  q1 csat 1 09:00, q2 csat 2 09:20, q3 csat 3 10:00 → never 3 customers within 30 min
 * agent-chatty: r1 csat 3, nps 8, ces 4 within 2 min → one customer: not a burst
 * no agent:    u1 csat 2 at 10:05 on the burst day
 * </pre>
 */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class SolicitedAnswersTest {

    private static OffsetDateTime jul(int day, String time) {
        return OffsetDateTime.parse("2025-07-%02dT%s:00Z".formatted(day, time));
    }

    @Test
    void burstOfOneAgentIsReportedApartAndLeftOutOfTheHeadlineUnlessIncluded() {
        String run = Long.toString(System.nanoTime());
        String burst = "agent-burst-" + run;
        String calm = "agent-calm-" + run;
        String chatty = "agent-chatty-" + run;
        List<ObjectNode> answers = List.of(
                agentSurvey("p1-" + run, "field", burst, "csat", 5, jul(1, "10:00")),
                agentSurvey("p2-" + run, "field", burst, "csat", 5, jul(1, "10:10")),
                agentSurvey("p3-" + run, "field", burst, "csat", 4, jul(1, "10:25")),
                agentSurvey("p3-" + run, "field", burst, "nps", 10, jul(1, "10:25")),
                agentSurvey("p4-" + run, "field", burst, "csat", 5, jul(1, "11:30")),
                agentSurvey("q1-" + run, "field", calm, "csat", 1, jul(2, "09:00")),
                agentSurvey("q2-" + run, "field", calm, "csat", 2, jul(2, "09:20")),
                agentSurvey("q3-" + run, "field", calm, "csat", 3, jul(2, "10:00")),
                agentSurvey("r1-" + run, "field", chatty, "csat", 3, jul(3, "09:00")),
                agentSurvey("r1-" + run, "field", chatty, "nps", 8, jul(3, "09:01")),
                agentSurvey("r1-" + run, "field", chatty, "ces", 4, jul(3, "09:02")),
                survey("u1-" + run, "field", "web", "csat", 2, jul(1, "10:05")));
        FeedbackEvents.post(answers);
        Map<String, Object> july = Map.of("from", "2025-07-01", "to", "2025-08-01");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath r = FeedbackEvents.getJson("/analytics/satisfaction", july);
            assertThat(r.getLong("total.scores.answers") + r.getLong("total.solicited.answers")).isEqualTo(12);
        });
        JsonPath r = FeedbackEvents.getJson("/analytics/satisfaction", july);
        assertThat(r.getInt("solicitedRule.minCustomers")).isEqualTo(3);
        assertThat(r.getString("solicitedRule.window")).isEqualTo("PT30M");
        assertThat(r.getBoolean("includeSolicited")).isFalse();
        // solicited: p1 csat 5, p2 csat 5, p3 csat 4 → 3 of 3 → 100.0; p3 nps 10 → 100.0 points; 4 answers
        assertThat(r.getLong("total.solicited.answers")).isEqualTo(4);
        assertThat(r.getDouble("total.solicited.scores.csat.value")).isEqualTo(100.0);
        assertThat(r.getLong("total.solicited.scores.csat.n")).isEqualTo(3);
        assertThat(r.getDouble("total.solicited.scores.nps.value")).isEqualTo(100.0);
        assertThat(r.getLong("total.solicited.scores.nps.n")).isEqualTo(1);
        // headline without them: csat p4 5, q1 1, q2 2, q3 3, r1 3, u1 2 → 1 of 6 → 16.67; nps r1 8 → 0.0; ces 4.0
        assertThat(r.getDouble("total.scores.csat.value")).isEqualTo(16.67);
        assertThat(r.getLong("total.scores.csat.n")).isEqualTo(6);
        assertThat(r.getDouble("total.scores.nps.value")).isEqualTo(0.0);
        assertThat(r.getLong("total.scores.nps.n")).isEqualTo(1);
        assertThat(r.getDouble("total.scores.ces.value")).isEqualTo(4.0);

        JsonPath all = FeedbackEvents.getJson("/analytics/satisfaction",
                Map.of("from", "2025-07-01", "to", "2025-08-01", "includeSolicited", true, "groupBy", "department"));
        assertThat(all.getBoolean("includeSolicited")).isTrue();
        // with them: csat 5,5,4,5,1,2,3,3,2 → 4 of 9 → 44.44; nps 10, 8 → 50 % − 0 % = 50.0
        assertThat(all.getDouble("total.scores.csat.value")).isEqualTo(44.44);
        assertThat(all.getLong("total.scores.csat.n")).isEqualTo(9);
        assertThat(all.getDouble("total.scores.nps.value")).isEqualTo(50.0);
        assertThat(all.getLong("total.solicited.answers")).isEqualTo(4);
        assertThat(all.getList("groups.key")).containsExactly("field");
        assertThat(all.getLong("groups[0].scores.csat.n")).isEqualTo(9);
        assertThat(all.getLong("groups[0].solicited.answers")).isEqualTo(4);
    }
}
