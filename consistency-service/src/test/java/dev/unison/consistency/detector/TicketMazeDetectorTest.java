package dev.unison.consistency.detector;

import dev.unison.consistency.rule.Rule;
import dev.unison.contracts.Alert;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static dev.unison.consistency.Events.T0;
import static dev.unison.consistency.Events.touch;
import static org.assertj.core.api.Assertions.assertThat;

class TicketMazeDetectorTest {

    static com.fasterxml.jackson.databind.node.ObjectNode opened(String customer, String dept, OffsetDateTime t,
                                                                   String caseId, String issue) {
        return touch("case-opened", customer, dept, t, Map.of("caseId", caseId, "issueKey", issue));
    }

    static com.fasterxml.jackson.databind.node.ObjectNode transferred(String customer, OffsetDateTime t,
                                                                        String caseId, String from, String to) {
        return touch("case-transferred", customer, from, t,
                Map.of("caseId", caseId, "fromDepartment", from, "toDepartment", to));
    }

    static com.fasterxml.jackson.databind.node.ObjectNode approval(String kind, String customer, String dept,
                                                                     OffsetDateTime t, String id) {
        return touch("approval-" + kind, customer, dept, t, Map.of("approvalId", id, "approver", "finance-lead"));
    }

    @Test
    void oneIssueThroughThreeCasesAndHandOffsFires() {
        try (DetectorDriver driver = new DetectorDriver()) {
            driver.touch(opened("c-1", "support", T0, "case-1", "invoice-wrong"),
                    transferred("c-1", T0.plusHours(3), "case-1", "support", "billing"),
                    opened("c-1", "billing", T0.plusDays(1), "case-2", "invoice-wrong"));
            List<Alert> alerts = driver.alerts(Rule.TICKET_MAZE);
            assertThat(alerts).singleElement().satisfies(a -> {
                assertThat(a.departments()).containsExactly("billing", "support");
                assertThat(a.summary()).contains("invoice-wrong", "2 case(s)", "1 hand-off(s)");
                assertThat(a.evidence()).hasSize(3);
            });
            // further steps of the same issue are the same maze, not a new alert
            driver.touch(transferred("c-1", T0.plusDays(2), "case-2", "billing", "tech"));
            assertThat(driver.alerts()).isEmpty();
        }
    }

    @Test
    void fewerStepsOrDifferentIssuesDoNotFire() {
        try (DetectorDriver driver = new DetectorDriver()) {
            driver.touch(opened("c-1", "support", T0, "case-1", "invoice-wrong"),
                    transferred("c-1", T0.plusHours(3), "case-1", "support", "billing"),
                    opened("c-1", "billing", T0.plusDays(1), "case-2", "login-broken"),
                    opened("c-2", "support", T0, "case-3", "invoice-wrong"));
            assertThat(driver.alerts()).isEmpty();
        }
    }

    @Test
    void anApprovalGrantedAfterTheLimitFiresAndOneWithinDoesNot() {
        try (DetectorDriver driver = new DetectorDriver()) {
            driver.touch(approval("requested", "c-1", "sales", T0, "ap-1"),
                    approval("granted", "c-1", "finance", T0.plusDays(4), "ap-1"),
                    approval("requested", "c-2", "sales", T0, "ap-2"),
                    approval("granted", "c-2", "finance", T0.plusDays(2), "ap-2"));
            assertThat(driver.alerts(Rule.TICKET_MAZE)).singleElement().satisfies(a -> {
                assertThat(a.customerId()).isEqualTo("c-1");
                assertThat(a.departments()).containsExactly("finance", "sales");
                assertThat(a.summary()).contains("96 hours", "ap-1");
            });
        }
    }

    @Test
    void anApprovalPendingPastTheLimitFiresOnTheWallClockOnce() {
        try (DetectorDriver driver = new DetectorDriver(Instant.parse("2026-01-09T00:00:00Z"))) {
            driver.touch(approval("requested", "c-1", "sales", T0, "ap-1"),
                    approval("requested", "c-2", "sales", T0.plusDays(3), "ap-2"));
            driver.advanceWallClock(DetectorDriver.PUNCTUATE_EVERY);
            assertThat(driver.alerts(Rule.TICKET_MAZE)).singleElement().satisfies(a -> {
                assertThat(a.customerId()).isEqualTo("c-1");
                assertThat(a.summary()).contains("still pending");
            });
            driver.advanceWallClock(DetectorDriver.PUNCTUATE_EVERY);
            driver.touch(approval("granted", "c-1", "finance", T0.plusDays(5), "ap-1"));
            assertThat(driver.alerts()).isEmpty();
        }
    }

    @Test
    void anApprovalGrantedWithinTheLimitIsNotAlertedLaterByTheWallClock() {
        try (DetectorDriver driver = new DetectorDriver(Instant.parse("2026-01-05T12:00:00Z"))) {
            driver.touch(approval("requested", "c-1", "sales", T0, "ap-1"),
                    approval("granted", "c-1", "finance", T0.plusHours(2), "ap-1"));
            driver.advanceWallClock(Duration.ofDays(5));
            assertThat(driver.alerts()).isEmpty();
        }
    }
}
