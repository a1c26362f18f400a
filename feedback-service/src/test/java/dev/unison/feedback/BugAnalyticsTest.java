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

import static dev.unison.feedback.FeedbackEvents.acknowledged;
import static dev.unison.feedback.FeedbackEvents.bugReport;
import static dev.unison.feedback.FeedbackEvents.customer;
import static dev.unison.feedback.FeedbackEvents.released;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Open bugs per release on a known data set in September 2025.
 *
 * <pre>
 * releases: 2.0 shipped 1 Sep (fixes nothing), 2.1 shipped 10 Sep (fixes BUG-1), 2.2 shipped 20 Sep (fixes BUG-3)
 * c1 BUG-1 on 2.0, 5 Sep  → fixed: 2.1 fixes it and shipped after 2.0
 * c2 BUG-1 on 2.0, 12 Sep → fixed: the customer is still on 2.0; 2.1 shipped after 2.0
 * c3 BUG-2 on 2.0, 6 Sep  → acknowledged to everyone on 7 Sep
 * c4 BUG-4 on 2.1, 11 Sep → open: the acknowledgement of BUG-4 went to c5 only
 * c5 BUG-4 on 2.1, 11 Sep → acknowledged to c5 on 12 Sep
 * c6 BUG-3 on 2.2, 21 Sep → open: 2.2 itself claims to fix BUG-3, so the fix did not hold
 * c7 BUG-1 on 2.1, 15 Sep → open: 2.1 is the release that claimed the fix
 * c8 BUG-5, no release, 15 Sep → open, under (unspecified)
 * c9 BUG-6 on 2.0, 8 Sep  → open: acknowledged on 2 Sep, before the report
 * </pre>
 */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class BugAnalyticsTest {

    private static OffsetDateTime sep(int day) {
        return OffsetDateTime.parse("2025-09-%02dT12:00:00Z".formatted(day));
    }

    @Test
    void openBugsPerReleaseTakeFixesAndAcknowledgementsIntoAccount() {
        String c5 = customer();
        List<ObjectNode> events = List.of(
                released("2.0", List.of(), sep(1)),
                released("2.1", List.of("BUG-1"), sep(10)),
                released("2.2", List.of("BUG-3"), sep(20)),
                bugReport(customer(), "support", "BUG-1", "2.0", sep(5)),
                bugReport(customer(), "support", "BUG-1", "2.0", sep(12)),
                bugReport(customer(), "support", "BUG-2", "2.0", sep(6)),
                acknowledged("BUG-2", null, sep(7)),
                bugReport(customer(), "support", "BUG-4", "2.1", sep(11)),
                bugReport(c5, "support", "BUG-4", "2.1", sep(11)),
                acknowledged("BUG-4", c5, sep(12)),
                bugReport(customer(), "support", "BUG-3", "2.2", sep(21)),
                bugReport(customer(), "support", "BUG-1", "2.1", sep(15)),
                bugReport(customer(), "support", "BUG-5", null, sep(15)),
                acknowledged("BUG-6", null, sep(2)),
                bugReport(customer(), "support", "BUG-6", "2.0", sep(8)));
        FeedbackEvents.post(events);
        Map<String, String> september = Map.of("from", "2025-09-01", "to", "2025-10-01");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath r = FeedbackEvents.getJson("/analytics/bugs", september);
            assertThat(r.getList("releases.release")).containsExactly("(unspecified)", "2.0", "2.1", "2.2");
            // (unspecified): c8 open
            assertThat(r.getMap("releases[0]")).containsEntry("reports", 1).containsEntry("fixed", 0)
                    .containsEntry("acknowledged", 0).containsEntry("open", 1);
            assertThat(r.getList("releases[0].openBugKeys")).containsExactly("BUG-5");
            // 2.0: c1, c2 fixed; c3 acknowledged; c9 open
            assertThat(r.getMap("releases[1]")).containsEntry("reports", 4).containsEntry("fixed", 2)
                    .containsEntry("acknowledged", 1).containsEntry("open", 1);
            assertThat(r.getList("releases[1].openBugKeys")).containsExactly("BUG-6");
            // 2.1: c4 open, c5 acknowledged, c7 open
            assertThat(r.getMap("releases[2]")).containsEntry("reports", 3).containsEntry("fixed", 0)
                    .containsEntry("acknowledged", 1).containsEntry("open", 2);
            assertThat(r.getList("releases[2].openBugKeys")).containsExactly("BUG-1", "BUG-4");
            // c7's report is on 2.1, the release that claimed to fix BUG-1: reopened
            assertThat(r.getMap("releases[2]")).containsEntry("reopened", 1);
            assertThat(r.getList("releases[2].reopenedBugKeys")).containsExactly("BUG-1");
            // 2.2: c6 open
            assertThat(r.getMap("releases[3]")).containsEntry("reports", 1).containsEntry("open", 1);
            assertThat(r.getList("releases[3].openBugKeys")).containsExactly("BUG-3");
        });

        // as of 11 Sep 13:00 the fix of 2.1 (10 Sep) already counts, the acknowledgement to c5 (12 Sep) not yet
        JsonPath early = FeedbackEvents.getJson("/analytics/bugs",
                Map.of("from", "2025-09-01", "to", "2025-09-11T13:00:00Z"));
        assertThat(early.getList("releases.release")).containsExactly("2.0", "2.1");
        assertThat(early.getMap("releases[0]")).containsEntry("reports", 3).containsEntry("fixed", 1)
                .containsEntry("acknowledged", 1).containsEntry("open", 1);
        assertThat(early.getMap("releases[1]")).containsEntry("reports", 2).containsEntry("open", 2);
        assertThat(early.getString("definition")).contains("fixed when a release listing its bugKey", "Reopened");
    }

    /**
     * The story consistency-service's UnacknowledgedBugDetectorTest tells too (March 2024, releases of their own): Ann
     * reports BUG-X on s2.0; s2.1 fixes it; Ben, still on s2.0, reports it after s2.1 shipped (fixed: s2.1 shipped
     * after his release); Cal reports it on s2.1 (reopened: the fix did not hold for him); s2.2 and s2.3 ship without
     * a fix. Ann's and Ben's reports are fixed, Cal's is open and reopened: the detector alerts Cal only.
     */
    @Test
    void aFixThatDidNotHoldReopensOnlyTheReportsOnOrAfterTheFixingRelease() {
        OffsetDateTime t0 = OffsetDateTime.parse("2024-03-01T09:00:00Z");
        FeedbackEvents.post(List.of(
                released("s2.0", List.of(), t0),
                bugReport(customer(), "support", "BUG-X", "s2.0", t0.plusDays(1)),
                released("s2.1", List.of("BUG-X"), t0.plusDays(10)),
                bugReport(customer(), "support", "BUG-X", "s2.0", t0.plusDays(12)),
                bugReport(customer(), "support", "BUG-X", "s2.1", t0.plusDays(13)),
                released("s2.2", List.of(), t0.plusDays(20)),
                released("s2.3", List.of(), t0.plusDays(30))));
        Map<String, String> march = Map.of("from", "2024-03-01", "to", "2024-04-01");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath r = FeedbackEvents.getJson("/analytics/bugs", march);
            assertThat(r.getList("releases.release")).containsExactly("s2.0", "s2.1");
            assertThat(r.getMap("releases[0]")).containsEntry("reports", 2).containsEntry("fixed", 2)
                    .containsEntry("open", 0).containsEntry("reopened", 0);
            assertThat(r.getMap("releases[1]")).containsEntry("reports", 1).containsEntry("fixed", 0)
                    .containsEntry("open", 1).containsEntry("reopened", 1);
            assertThat(r.getList("releases[1].reopenedBugKeys")).containsExactly("BUG-X");
            assertThat(r.getList("releases[1].openBugKeys")).containsExactly("BUG-X");
        });
    }
}
