package dev.unison.consistency.detector;

import dev.unison.consistency.rule.Rule;
import dev.unison.contracts.Alert;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.unison.consistency.Events.T0;
import static dev.unison.consistency.Events.contract;
import static dev.unison.consistency.Events.message;
import static dev.unison.consistency.Events.touch;
import static org.assertj.core.api.Assertions.assertThat;

class RenewalOnlyContactDetectorTest {

    @Test
    void renewalOutreachWithoutOtherContactInTheLookBackFires() {
        try (DetectorDriver driver = new DetectorDriver()) {
            driver.touch(contract("c-1", T0.minusDays(300), "2026-02-01"),
                    message("c-1", "marketing", T0.minusDays(100), "newsletter", "marketing"),
                    message("c-1", "account-management", T0, "renewal-reminder", "renewal"));
            List<Alert> alerts = driver.alerts(Rule.RENEWAL_ONLY_CONTACT);
            assertThat(alerts).singleElement().satisfies(a -> {
                // the department that reached out and the account's owner (who updated the contract): the same here;
                // marketing's newsletter is older than the look-back
                assertThat(a.departments()).containsExactly("account-management");
                assertThat(a.summary()).contains("renewal", "90 days");
                assertThat(a.evidence()).hasSize(2);
            });
            // a second renewal message of the same cycle is not a second alert
            driver.touch(message("c-1", "sales", T0.plusDays(1), "renewal-call", "renewal"));
            assertThat(driver.alerts()).isEmpty();
        }
    }

    @Test
    void theAlertNamesTheDepartmentThatReachedOutAndTheAccountsOwnerNotAlwaysSales() {
        try (DetectorDriver driver = new DetectorDriver()) {
            // customer-success owns the account; sales calls about the renewal, and no one else reached out lately
            driver.touch(touch("contract-updated", "c-1", "customer-success", T0.minusDays(300),
                            Map.of("contractId", "k-1", "renewsOn", "2026-02-01")),
                    message("c-1", "support", T0.minusDays(120), "service-update", "service"),
                    message("c-1", "sales", T0, "renewal-call", "renewal"));
            assertThat(driver.alerts(Rule.RENEWAL_ONLY_CONTACT)).singleElement().satisfies(a ->
                    assertThat(a.departments()).containsExactly("customer-success", "sales"));
        }
    }

    @Test
    void aRenewalFallingDueNamesTheAccountsOwnerAndTheRulesConfiguredOwners() {
        try (DetectorDriver driver = new DetectorDriver(java.time.Instant.parse("2026-01-10T00:00:00Z"))) {
            driver.rule(Rule.RENEWAL_ONLY_CONTACT, dev.unison.consistency.rule.RuleSettings.patch()
                    .owners("account-management").build());
            driver.touch(touch("contract-updated", "c-1", "customer-success", T0.minusDays(300),
                    Map.of("contractId", "k-1", "renewsOn", "2026-02-01")));
            driver.advanceWallClock(java.time.Duration.ofMinutes(2));
            assertThat(driver.alerts(Rule.RENEWAL_ONLY_CONTACT)).singleElement().satisfies(a ->
                    assertThat(a.departments()).containsExactly("account-management", "customer-success"));
        }
    }

    @Test
    void renewalOutreachAfterOtherRecentContactDoesNotFire() {
        try (DetectorDriver driver = new DetectorDriver()) {
            driver.touch(contract("c-1", T0.minusDays(300), "2026-02-01"),
                    message("c-1", "support", T0.minusDays(10), "service-update", "service"),
                    message("c-1", "account-management", T0, "renewal-reminder", "renewal"));
            assertThat(driver.alerts()).isEmpty();
        }
    }

    @Test
    void aRenewalDateWithinTheNoticePeriodFiresOnTheWallClock() {
        try (DetectorDriver driver = new DetectorDriver(Instant.parse("2026-02-01T00:00:00Z"))) {
            driver.touch(contract("c-1", T0, "2026-02-20"), contract("c-2", T0, "2026-06-01"),
                    contract("c-3", T0, "2026-02-25"),
                    message("c-3", "support", T0.plusDays(1), "service-update", "service"));
            assertThat(driver.alerts()).isEmpty();

            driver.advanceWallClock(DetectorDriver.PUNCTUATE_EVERY);
            List<Alert> alerts = driver.alerts(Rule.RENEWAL_ONLY_CONTACT);
            // c-2 renews after the notice period, c-3 heard from support within the look-back
            assertThat(alerts).singleElement().satisfies(a -> {
                assertThat(a.customerId()).isEqualTo("c-1");
                assertThat(a.summary()).contains("renews on 2026-02-20");
            });

            driver.advanceWallClock(Duration.ofMinutes(5));
            assertThat(driver.alerts()).isEmpty();
        }
    }

    @Test
    void aRenewalDateMovedOutOfTheNoticePeriodNoLongerFires() {
        try (DetectorDriver driver = new DetectorDriver(Instant.parse("2026-02-01T00:00:00Z"))) {
            driver.touch(contract("c-1", T0, "2026-02-20"), contract("c-1", T0.plusDays(1), "2027-02-20"),
                    contract("c-2", T0, "2026-01-20"));
            // c-1's contract was extended; c-2's renewal date has passed
            driver.advanceWallClock(DetectorDriver.PUNCTUATE_EVERY);
            assertThat(driver.alerts()).isEmpty();
        }
    }
}
