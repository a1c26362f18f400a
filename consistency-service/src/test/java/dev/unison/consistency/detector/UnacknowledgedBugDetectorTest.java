package dev.unison.consistency.detector;

import dev.unison.consistency.service.Rule;
import dev.unison.consistency.service.RuleSettings;
import dev.unison.contracts.Alert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
        driver.rule(Rule.UNACKNOWLEDGED_BUG, new RuleSettings(null, null, null, null, null, null, 1));
        driver.feedback(release(T0.plusDays(20), "5.2"));
        assertThat(driver.alerts(Rule.UNACKNOWLEDGED_BUG)).extracting(Alert::customerId)
                .containsExactlyInAnyOrder("c-1", "c-2");
    }

    @Test
    void aCustomerReportingTheSameBugAgainIsOneReport() {
        driver.feedback(bugReport("c-1", T0, "BUG-1"), bugReport("c-1", T0.plusDays(1), "BUG-1"),
                release(T0.plusDays(10), "5.1"), release(T0.plusDays(20), "5.2"));
        assertThat(driver.alerts(Rule.UNACKNOWLEDGED_BUG)).singleElement()
                .satisfies(a -> assertThat(a.evidence()).hasSize(3));
    }
}
