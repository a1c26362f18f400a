package dev.unison.feedback;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.filter.log.LogDetail;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.unison.feedback.FeedbackEvents.complaint;
import static dev.unison.feedback.FeedbackEvents.customer;
import static dev.unison.feedback.FeedbackEvents.survey;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CSAT, NPS, CES and counts on a known data set in March 2025 (no other test writes there), every expectation
 * computed by hand in the comments.
 *
 * <pre>
 * support  csat 5, 4 (phone, week of 3 Mar)  3, 2 (phone, week of 10 Mar)
 *          nps 10, 9, 8, 0 (phone, week of 3 Mar)
 *          ces 2, 5 (chat, week of 10 Mar)
 *          complaints 2 (week of 3 Mar), bug report 1 (week of 10 Mar)
 * billing  csat 5 (email, week of 3 Mar)  1, 1 (email, week of 10 Mar)
 *          nps 6, 7 (email, week of 10 Mar)
 *          ces 4 (email, week of 3 Mar)
 *          complaint 1 (week of 10 Mar), praise 1 (week of 3 Mar)
 * </pre>
 */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class SatisfactionAnalyticsTest {
    private static final OffsetDateTime MAR_4 = OffsetDateTime.parse("2025-03-04T10:00:00Z");
    private static final OffsetDateTime MAR_5 = OffsetDateTime.parse("2025-03-05T10:00:00Z");
    private static final OffsetDateTime MAR_6 = OffsetDateTime.parse("2025-03-06T10:00:00Z");
    private static final OffsetDateTime MAR_11 = OffsetDateTime.parse("2025-03-11T10:00:00Z");
    private static final OffsetDateTime MAR_12 = OffsetDateTime.parse("2025-03-12T10:00:00Z");
    private static final OffsetDateTime MAR_13 = OffsetDateTime.parse("2025-03-13T10:00:00Z");
    private static final Map<String, String> MARCH = Map.of("from", "2025-03-01", "to", "2025-04-01");
    private static boolean loaded;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails(LogDetail.ALL);
    }

    /** Sends the data set once (by REST, so it also passes through Kafka) and waits until all 22 events are in. */
    static synchronized void load() {
        if (loaded) {
            return;
        }
        List<ObjectNode> events = new ArrayList<>();
        events.add(survey(customer(), "support", "phone", "csat", 5, MAR_4));
        events.add(survey(customer(), "support", "phone", "csat", 4, MAR_4));
        events.add(survey(customer(), "support", "phone", "csat", 3, MAR_11));
        events.add(survey(customer(), "support", "phone", "csat", 2, MAR_11));
        events.add(survey(customer(), "support", "phone", "nps", 10, MAR_5));
        events.add(survey(customer(), "support", "phone", "nps", 9, MAR_5));
        events.add(survey(customer(), "support", "phone", "nps", 8, MAR_5));
        events.add(survey(customer(), "support", "phone", "nps", 0, MAR_5));
        events.add(survey(customer(), "support", "chat", "ces", 2, MAR_12));
        events.add(survey(customer(), "support", "chat", "ces", 5, MAR_12));
        events.add(complaint(customer(), "support", "phone", MAR_4));
        events.add(complaint(customer(), "support", "phone", MAR_4));
        events.add(FeedbackEvents.bugReport(customer(), "support", "BUG-MARCH", null, MAR_12));
        events.add(survey(customer(), "billing", "email", "csat", 5, MAR_6));
        events.add(survey(customer(), "billing", "email", "csat", 1, MAR_13));
        events.add(survey(customer(), "billing", "email", "csat", 1, MAR_13));
        events.add(survey(customer(), "billing", "email", "nps", 6, MAR_13));
        events.add(survey(customer(), "billing", "email", "nps", 7, MAR_13));
        events.add(survey(customer(), "billing", "email", "ces", 4, MAR_6));
        events.add(complaint(customer(), "billing", "email", MAR_13));
        events.add(FeedbackEvents.praise(customer(), "billing", "email", MAR_6));
        // outside the period: must not count
        events.add(survey(customer(), "support", "phone", "csat", 1, OffsetDateTime.parse("2025-04-01T00:00:00Z")));
        FeedbackEvents.post(events);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath total = FeedbackEvents.getJson("/analytics/satisfaction", MARCH);
            assertThat(total.getLong("total.scores.answers")).isEqualTo(16);
            assertThat(total.getLong("total.complaints") + total.getLong("total.bugReports")
                    + total.getLong("total.praise")).isEqualTo(5);
        });
        loaded = true;
    }

    @Test
    void overallCsatNpsCesWithTheirResponseCounts() {
        load();
        JsonPath r = FeedbackEvents.getJson("/analytics/satisfaction", MARCH);
        // csat 5,4,3,2,5,1,1: 3 of 7 are 4–5 → 42.857… → 42.86
        assertThat(r.getDouble("total.scores.csat.value")).isEqualTo(42.86);
        assertThat(r.getLong("total.scores.csat.n")).isEqualTo(7);
        // nps 10,9,8,0,6,7: promoters 2 (10, 9), detractors 2 (0, 6) → 33.3 % − 33.3 % = 0 points
        assertThat(r.getDouble("total.scores.nps.value")).isEqualTo(0.0);
        assertThat(r.getLong("total.scores.nps.n")).isEqualTo(6);
        // ces 2,5,4 → 11 / 3 = 3.666… → 3.67
        assertThat(r.getDouble("total.scores.ces.value")).isEqualTo(3.67);
        assertThat(r.getLong("total.scores.ces.n")).isEqualTo(3);
        assertThat(r.getLong("total.complaints")).isEqualTo(3);
        assertThat(r.getLong("total.bugReports")).isEqualTo(1);
        assertThat(r.getLong("total.praise")).isEqualTo(1);
        assertThat(r.getList("groups")).isEmpty();
    }

    @Test
    void byDepartment() {
        load();
        JsonPath r = FeedbackEvents.getJson("/analytics/satisfaction", with("groupBy", "department"));
        assertThat(r.getList("groups.key")).containsExactly("billing", "support");
        // support: csat 5,4,3,2 → 2 of 4 → 50.0; nps 10,9,8,0 → 50 % − 25 % = 25.0; ces 2,5 → 3.5
        assertThat(r.getDouble("groups[1].scores.csat.value")).isEqualTo(50.0);
        assertThat(r.getLong("groups[1].scores.csat.n")).isEqualTo(4);
        assertThat(r.getDouble("groups[1].scores.nps.value")).isEqualTo(25.0);
        assertThat(r.getLong("groups[1].scores.nps.n")).isEqualTo(4);
        assertThat(r.getDouble("groups[1].scores.ces.value")).isEqualTo(3.5);
        assertThat(r.getLong("groups[1].scores.ces.n")).isEqualTo(2);
        assertThat(r.getLong("groups[1].complaints")).isEqualTo(2);
        assertThat(r.getLong("groups[1].bugReports")).isEqualTo(1);
        // billing: csat 5,1,1 → 1 of 3 → 33.33; nps 6,7 → 0 % − 50 % = −50.0; ces 4 → 4.0
        assertThat(r.getDouble("groups[0].scores.csat.value")).isEqualTo(33.33);
        assertThat(r.getLong("groups[0].scores.csat.n")).isEqualTo(3);
        assertThat(r.getDouble("groups[0].scores.nps.value")).isEqualTo(-50.0);
        assertThat(r.getLong("groups[0].scores.nps.n")).isEqualTo(2);
        assertThat(r.getDouble("groups[0].scores.ces.value")).isEqualTo(4.0);
        assertThat(r.getLong("groups[0].complaints")).isEqualTo(1);
        assertThat(r.getLong("groups[0].bugReports")).isEqualTo(0);
        assertThat(r.getLong("groups[0].praise")).isEqualTo(1);
    }

    @Test
    void byChannelAMetricWithoutAnswersHasNoValue() {
        load();
        JsonPath r = FeedbackEvents.getJson("/analytics/satisfaction", with("groupBy", "channel"));
        // the bug report came through the portal: a group with counts but no survey answers
        assertThat(r.getList("groups.key")).containsExactly("chat", "email", "phone", "portal");
        // chat: only support's ces 2,5 → 3.5; no csat or nps answers → no value, n = 0
        assertThat(r.getDouble("groups[0].scores.ces.value")).isEqualTo(3.5);
        assertThat(r.getString("groups[0].scores.csat.value")).isNull();
        assertThat(r.getLong("groups[0].scores.csat.n")).isZero();
        assertThat(r.getString("groups[0].scores.nps.value")).isNull();
        // phone: support's csat 5,4,3,2 and nps 10,9,8,0 → 50.0 and 25.0; 2 complaints
        assertThat(r.getDouble("groups[2].scores.csat.value")).isEqualTo(50.0);
        assertThat(r.getDouble("groups[2].scores.nps.value")).isEqualTo(25.0);
        assertThat(r.getLong("groups[2].complaints")).isEqualTo(2);
        assertThat(r.getLong("groups[3].bugReports")).isEqualTo(1);
        assertThat(r.getLong("groups[3].scores.answers")).isZero();
    }

    @Test
    void byWeekAndByMonth() {
        load();
        JsonPath weeks = FeedbackEvents.getJson("/analytics/satisfaction",
                with("groupBy", "period", "period", "week"));
        assertThat(weeks.getString("period")).isEqualTo("week");
        assertThat(weeks.getList("groups.key")).containsExactly("2025-03-03", "2025-03-10");
        // week of 3 Mar: csat 5,4,5 → 100.0 (n 3); nps 10,9,8,0 → 25.0 (n 4); ces 4 → 4.0; 2 complaints, 1 praise
        assertThat(weeks.getDouble("groups[0].scores.csat.value")).isEqualTo(100.0);
        assertThat(weeks.getLong("groups[0].scores.csat.n")).isEqualTo(3);
        assertThat(weeks.getDouble("groups[0].scores.nps.value")).isEqualTo(25.0);
        assertThat(weeks.getDouble("groups[0].scores.ces.value")).isEqualTo(4.0);
        assertThat(weeks.getLong("groups[0].complaints")).isEqualTo(2);
        assertThat(weeks.getLong("groups[0].praise")).isEqualTo(1);
        // week of 10 Mar: csat 3,2,1,1 → 0.0 (n 4); nps 6,7 → −50.0 (n 2); ces 2,5 → 3.5; 1 complaint, 1 bug report
        assertThat(weeks.getDouble("groups[1].scores.csat.value")).isEqualTo(0.0);
        assertThat(weeks.getLong("groups[1].scores.csat.n")).isEqualTo(4);
        assertThat(weeks.getDouble("groups[1].scores.nps.value")).isEqualTo(-50.0);
        assertThat(weeks.getDouble("groups[1].scores.ces.value")).isEqualTo(3.5);
        assertThat(weeks.getLong("groups[1].complaints")).isEqualTo(1);
        assertThat(weeks.getLong("groups[1].bugReports")).isEqualTo(1);

        JsonPath months = FeedbackEvents.getJson("/analytics/satisfaction",
                with("groupBy", "period", "period", "month"));
        assertThat(months.getList("groups.key")).containsExactly("2025-03-01");
        assertThat(months.getDouble("groups[0].scores.csat.value")).isEqualTo(42.86);
        assertThat(months.getLong("groups[0].scores.nps.n")).isEqualTo(6);

        JsonPath days = FeedbackEvents.getJson("/analytics/satisfaction", with("groupBy", "period", "period", "day"));
        assertThat(days.getList("groups.key")).containsExactly("2025-03-04", "2025-03-05", "2025-03-06",
                "2025-03-11", "2025-03-12", "2025-03-13");
    }

    private static Map<String, String> with(String... pairs) {
        Map<String, String> params = new java.util.HashMap<>(MARCH);
        for (int i = 0; i < pairs.length; i += 2) {
            params.put(pairs[i], pairs[i + 1]);
        }
        return params;
    }
}
