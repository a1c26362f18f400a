package dev.unison.consistency.detector;

import dev.unison.consistency.rule.Rule;
import dev.unison.consistency.rule.RuleSettings;
import dev.unison.contracts.Alert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.unison.consistency.Events.T0;
import static dev.unison.consistency.Events.bugReport;
import static dev.unison.consistency.Events.feedback;
import static dev.unison.consistency.Events.release;
import static org.assertj.core.api.Assertions.assertThat;

class UnacknowledgedBugDetectorTest {
    private final DetectorDriver driver = new DetectorDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void aReportLeftUnacknowledgedOverTwoReleasesFiresOnce() {
        var report = bugReport("c-1", T0, "BUG-1");
        driver.feedback(report, release(T0.plusDays(10), "5.1", "BUG-9"), release(T0.plusDays(20), "5.2"));
        assertThat(driver.alerts(Rule.UNACKNOWLEDGED_BUG)).singleElement().satisfies(a -> {
            assertThat(a.customerId()).isEqualTo("c-1");
            assertThat(a.departments()).containsExactly("product", "support");
            assertThat(a.severity()).isEqualTo(Alert.CRITICAL);
            assertThat(a.evidence()).hasSize(3);
            assertThat(a.evidence().get(0).id()).isEqualTo(report.get("id").asText());
        });
        driver.feedback(release(T0.plusDays(30), "5.3"));
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void releasesReachingTheLedgerBeforeAnEarlierReportStillCount() {
        // releases and reports come from different partitions: the ledger may see the releases first
        driver.feedback(release(T0.plusDays(10), "5.1"), release(T0.plusDays(20), "5.2", "BUG-2"),
                bugReport("c-1", T0, "BUG-1"), bugReport("c-2", T0, "BUG-2"),
                feedback("cx.feedback.bug-acknowledged", null, "product", T0.plusDays(1), Map.of("bugKey", "BUG-3")),
                bugReport("c-3", T0, "BUG-3"));
        // BUG-2 was fixed in 5.2 and BUG-3 acknowledged to all after c-3 reported it
        assertThat(driver.alerts(Rule.UNACKNOWLEDGED_BUG)).singleElement()
                .satisfies(a -> assertThat(a.customerId()).isEqualTo("c-1"));
    }

    @Test
    void acknowledgedFixedOrTooFewReleasesDoNotFire() {
        driver.feedback(
                bugReport("c-1", T0, "BUG-1"),
                bugReport("c-2", T0, "BUG-2"),
                bugReport("c-3", T0, "BUG-3"),
                bugReport("c-4", T0, "BUG-4"),
                feedback("cx.feedback.bug-acknowledged", "c-1", "support", T0.plusDays(1), Map.of("bugKey", "BUG-1")),
                feedback("cx.feedback.bug-acknowledged", null, "product", T0.plusDays(1), Map.of("bugKey", "BUG-2")),
                release(T0.plusDays(10), "5.1", "BUG-3"),
                release(T0.plusDays(20), "5.2"),
                // BUG-4 came after 5.1 and 5.2: one release since
                bugReport("c-5", T0.plusDays(25), "BUG-5"),
                release(T0.plusDays(30), "5.3"));
        assertThat(driver.alerts()).extracting(Alert::customerId).containsExactly("c-4");
    }

    @Test
    void aFixClosesTheReportsOfEveryCustomerAndOnlyThose() {
        driver.feedback(bugReport("c-1", T0, "BUG-1"), bugReport("c-2", T0, "BUG-1"), bugReport("c-3", T0, "BUG-10"),
                release(T0.plusDays(10), "5.1", "BUG-1"), release(T0.plusDays(20), "5.2"));
        // BUG-10 shares BUG-1's first characters but is another bug
        assertThat(driver.alerts(Rule.UNACKNOWLEDGED_BUG)).extracting(Alert::customerId).containsExactly("c-3");
    }

    @Test
    void aLowerThresholdSetAtRunTimeMakesOlderReportsDueAtTheNextRelease() {
        driver.feedback(bugReport("c-1", T0, "BUG-1"), bugReport("c-2", T0.plusDays(15), "BUG-2"),
                release(T0.plusDays(10), "5.1"));
        assertThat(driver.alerts()).isEmpty();
        driver.rule(Rule.UNACKNOWLEDGED_BUG, RuleSettings.patch().threshold(1).build());
        driver.feedback(release(T0.plusDays(20), "5.2"));
        assertThat(driver.alerts(Rule.UNACKNOWLEDGED_BUG)).extracting(Alert::customerId)
                .containsExactlyInAnyOrder("c-1", "c-2");
    }

    @Test
    void theAlertNamesTheDepartmentThatTookTheReportAndTheRulesOwners() {
        driver.feedback(feedback("cx.feedback.bug-report", "c-1", "billing", T0, Map.of("bugKey", "BUG-1")),
                release(T0.plusDays(10), "5.1"), release(T0.plusDays(20), "5.2"));
        assertThat(driver.alerts(Rule.UNACKNOWLEDGED_BUG)).singleElement()
                .satisfies(a -> assertThat(a.departments()).containsExactly("billing", "product"));

        driver.rule(Rule.UNACKNOWLEDGED_BUG, RuleSettings.patch().owners("engineering").build());
        driver.feedback(feedback("cx.feedback.bug-report", "c-2", "web", T0.plusDays(25), Map.of("bugKey", "BUG-2")),
                release(T0.plusDays(30), "5.3"), release(T0.plusDays(40), "5.4"));
        assertThat(driver.alerts(Rule.UNACKNOWLEDGED_BUG)).singleElement()
                .satisfies(a -> assertThat(a.departments()).containsExactly("engineering", "web"));
    }

    @Test
    void aReportNamingNoDepartmentWithNoOwnersConfiguredStillNamesTheBuiltInOwner() {
        driver.rule(Rule.UNACKNOWLEDGED_BUG, RuleSettings.patch().owners().build());
        driver.feedback(feedback("cx.feedback.bug-report", "c-1", null, T0, Map.of("bugKey", "BUG-1")),
                release(T0.plusDays(10), "5.1"), release(T0.plusDays(20), "5.2"));
        assertThat(driver.alerts(Rule.UNACKNOWLEDGED_BUG)).singleElement()
                .satisfies(a -> assertThat(a.departments()).containsExactly("product"));
    }

    /**
     * The story feedback-service's BugAnalyticsTest tells too, so both services count the same reports fixed and
     * reopened: Ann reports BUG-X on 2.0; 2.1 fixes it; Ben, still on 2.0, reports it after 2.1 shipped (fixed: 2.1
     * shipped after his release); Cal reports it on 2.1 (reopened: the fix did not hold for him); 2.2 and 2.3 ship
     * without a fix. Only Cal's report is open, and only Cal is alerted.
     */
    static final List<Object[]> SHARED_STORY = List.of(
            new Object[]{"release", "2.0", 0, List.of()},
            new Object[]{"report", "ann", 1, "2.0"},
            new Object[]{"release", "2.1", 10, List.of("BUG-X")},
            new Object[]{"report", "ben", 12, "2.0"},
            new Object[]{"report", "cal", 13, "2.1"},
            new Object[]{"release", "2.2", 20, List.of()},
            new Object[]{"release", "2.3", 30, List.of()});

    @SuppressWarnings("unchecked")
    private static com.fasterxml.jackson.databind.node.ObjectNode storyEvent(Object[] step) {
        java.time.OffsetDateTime at = T0.plusDays((Integer) step[2]);
        if ("release".equals(step[0])) {
            return release(at, (String) step[1], ((List<String>) step[3]).toArray(String[]::new));
        }
        return feedback("cx.feedback.bug-report", (String) step[1], "support", at,
                Map.of("bugKey", "BUG-X", "release", step[3]));
    }

    @Test
    void aBugFixedByTheNextReleaseAndReportedAgainOnTheFixingReleaseAlertsOnlyTheReopenedReport() {
        for (Object[] step : SHARED_STORY) {
            driver.feedback(storyEvent(step));
        }
        assertThat(driver.alerts(Rule.UNACKNOWLEDGED_BUG)).singleElement().satisfies(a -> {
            assertThat(a.customerId()).isEqualTo("cal");
            assertThat(a.details()).containsEntry("reopened", true);
            assertThat(a.summary()).contains("on a release that was to fix it");
        });
    }

    @Test
    void theSharedStoryEndsTheSameWhateverOrderTheLedgerSeesItIn() {
        // reports first (their releases unknown yet), then the releases
        for (Object[] step : SHARED_STORY) {
            if ("report".equals(step[0])) {
                driver.feedback(storyEvent(step));
            }
        }
        for (Object[] step : SHARED_STORY) {
            if ("release".equals(step[0])) {
                driver.feedback(storyEvent(step));
            }
        }
        assertThat(driver.alerts(Rule.UNACKNOWLEDGED_BUG)).extracting(Alert::customerId).containsExactly("cal");
    }

    @Test
    void aLateReportIsJudgedByEventTimeAndALaterAcknowledgementDoesNotWithdrawItsAlert() {
        // the two releases reach the ledger first; the report made before them arrives late and is alerted at once
        driver.feedback(release(T0.plusDays(10), "5.1"), release(T0.plusDays(20), "5.2"), bugReport("c-1", T0, "BUG-1"));
        assertThat(driver.alerts(Rule.UNACKNOWLEDGED_BUG)).singleElement()
                .satisfies(a -> assertThat(a.detectedAt()).isEqualTo(T0.plusDays(20)));
        // an acknowledgement made in between, arriving now, closes the report but says nothing more
        driver.feedback(feedback("cx.feedback.bug-acknowledged", "c-1", "support", T0.plusDays(5),
                Map.of("bugKey", "BUG-1")), release(T0.plusDays(30), "5.3"));
        assertThat(driver.alerts()).isEmpty();
        assertThat(driver.<Object>state(UnacknowledgedBugDetector.STORE, "BUG-1" + TimedKeys.SEP + "c-1")).isNull();
    }

    @Test
    void anAcknowledgementOlderThanTheReportDoesNotAcknowledgeIt() {
        driver.feedback(feedback("cx.feedback.bug-acknowledged", "c-1", "support", T0.minusDays(1),
                        Map.of("bugKey", "BUG-1")),
                feedback("cx.feedback.bug-acknowledged", null, "product", T0.minusDays(1), Map.of("bugKey", "BUG-1")),
                bugReport("c-1", T0, "BUG-1"), release(T0.plusDays(10), "5.1"), release(T0.plusDays(20), "5.2"));
        assertThat(driver.alerts(Rule.UNACKNOWLEDGED_BUG)).extracting(Alert::customerId).containsExactly("c-1");
    }

    @Test
    void aCustomerReportingTheSameBugAgainIsOneReport() {
        driver.feedback(bugReport("c-1", T0, "BUG-1"), bugReport("c-1", T0.plusDays(1), "BUG-1"),
                release(T0.plusDays(10), "5.1"), release(T0.plusDays(20), "5.2"));
        assertThat(driver.alerts(Rule.UNACKNOWLEDGED_BUG)).singleElement()
                .satisfies(a -> assertThat(a.evidence()).hasSize(3));
    }
}
