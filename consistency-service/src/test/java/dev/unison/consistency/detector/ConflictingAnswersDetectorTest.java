package dev.unison.consistency.detector;

import dev.unison.consistency.service.Rule;
import dev.unison.consistency.service.RuleSettings;
import dev.unison.contracts.Alert;
import dev.unison.contracts.Evidence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.unison.consistency.Events.T0;
import static dev.unison.consistency.Events.answer;
import static org.assertj.core.api.Assertions.assertThat;

class ConflictingAnswersDetectorTest {
    private final DetectorDriver driver = new DetectorDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void twoDepartmentsGivingOneCustomerDifferentAnswersFire() {
        var support = answer("c-1", "support", T0, "refund-window", "30 days");
        var billing = answer("c-1", "billing", T0.plusHours(2), "refund-window", "14 days");
        driver.touch(support, billing);

        List<Alert> alerts = driver.alerts(Rule.CONFLICTING_ANSWERS);
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.customerId()).isEqualTo("c-1");
        assertThat(alert.departments()).containsExactly("billing", "support");
        assertThat(alert.evidence()).extracting(Evidence::id)
                .containsExactly(support.get("id").asText(), billing.get("id").asText());
        assertThat(alert.summary()).contains("30 days", "14 days", "refund-window");
        assertThat(alert.severity()).isEqualTo(Alert.WARNING);
        assertThat(driver.counter("unison.alerts", "rule", "conflicting-answers")).isEqualTo(1.0);
    }

    @Test
    void sameValueInOtherWordsIsNoConflict() {
        driver.touch(answer("c-1", "support", T0, "refund-window", "30 days"),
                answer("c-1", "billing", T0.plusHours(1), "refund-window", "thirty days"),
                answer("c-1", "web", T0.plusHours(2), "refund-window", "30-day"),
                answer("c-1", "sales", T0.plusHours(3), "trial-available", "Yes"),
                answer("c-1", "web", T0.plusHours(4), "trial-available", "available"));
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void departmentsAgreeingAcrossCustomersIsNoConflict() {
        driver.touch(answer("c-1", "support", T0, "refund-window", "30 days"),
                answer("c-2", "sales", T0.plusHours(1), "refund-window", "thirty days"),
                answer("c-3", "web", T0.plusHours(2), "refund-window", "30-day"));
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void oneDepartmentCorrectingItselfAndOtherQuestionsAreNoConflict() {
        driver.touch(answer("c-1", "support", T0, "refund-window", "30 days"),
                answer("c-1", "support", T0.plusHours(1), "refund-window", "14 days"),
                answer("c-1", "billing", T0.plusHours(2), "cancellation-notice", "14 days"));
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void differentAnswersToDifferentCustomersWithinTheWindowFire() {
        driver.touch(answer("c-1", "support", T0, "refund-window", "30 days"),
                answer("c-2", "sales", T0.plusDays(3), "refund-window", "14 days"));
        List<Alert> alerts = driver.alerts(Rule.CONFLICTING_ANSWERS);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).customerId()).isEqualTo("c-2");
        assertThat(alerts.get(0).departments()).containsExactly("sales", "support");
        assertThat(alerts.get(0).details()).containsEntry("otherCustomerId", "c-1");
    }

    @Test
    void theAcrossCustomersAlertDoesNotDependOnWhichAnswerArrivesFirst() {
        var first = answer("c-1", "support", T0, "refund-window", "30 days");
        var second = answer("c-2", "sales", T0.plusDays(3), "refund-window", "14 days");
        driver.touch(first, second);
        Alert inOrder = driver.alerts(Rule.CONFLICTING_ANSWERS).get(0);
        try (DetectorDriver other = new DetectorDriver()) {
            other.touch(second, first);
            assertThat(other.alerts(Rule.CONFLICTING_ANSWERS)).singleElement().satisfies(a -> {
                assertThat(a.alertId()).isEqualTo(inOrder.alertId());
                assertThat(a.customerId()).isEqualTo("c-2");
                assertThat(a.summary()).isEqualTo(inOrder.summary());
            });
        }
    }

    @Test
    void oneWrongAnswerIsOneCompanyWideAlertNotOnePerCustomerToldOtherwise() {
        driver.touch(answer("c-1", "sales", T0, "refund-window", "14 days"),
                answer("c-2", "support", T0.plusHours(1), "refund-window", "30 days"),
                answer("c-3", "support", T0.plusHours(2), "refund-window", "thirty days"),
                answer("c-4", "support", T0.plusHours(3), "refund-window", "30-day"));
        assertThat(driver.alerts(Rule.CONFLICTING_ANSWERS)).singleElement()
                .satisfies(a -> assertThat(a.customerId()).isEqualTo("c-2"));
    }

    @Test
    void aCustomerWhoGotBothAnswersIsAlertedOnceByThePerCustomerRule() {
        driver.touch(answer("c-2", "support", T0, "refund-window", "30 days"),
                answer("c-1", "support", T0.plusHours(1), "refund-window", "30 days"),
                answer("c-1", "sales", T0.plusHours(2), "refund-window", "14 days"));
        assertThat(driver.alerts(Rule.CONFLICTING_ANSWERS)).singleElement().satisfies(a -> {
            assertThat(a.customerId()).isEqualTo("c-1");
            assertThat(a.details()).doesNotContainKey("otherCustomerId");
        });
    }

    @Test
    void differentAnswersToDifferentCustomersOutsideTheWindowDoNotFire() {
        driver.touch(answer("c-1", "support", T0, "refund-window", "30 days"),
                answer("c-2", "sales", T0.plusDays(8), "refund-window", "14 days"));
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void theWindowIsASettingChangedAtRunTime() {
        driver.rule(Rule.CONFLICTING_ANSWERS,
                new RuleSettings(null, null, Duration.ofDays(10), null, null, null, null, null, null));
        driver.touch(answer("c-1", "support", T0, "refund-window", "30 days"),
                answer("c-2", "sales", T0.plusDays(8), "refund-window", "14 days"));
        assertThat(driver.alerts(Rule.CONFLICTING_ANSWERS)).hasSize(1);
    }

    @Test
    void anAnswerDepartingFromTheCanonicalFactAlertsThatDepartmentNamingTheFact() {
        driver.fact("refund-window", "30 days");
        var billing = answer("c-1", "billing", T0, "refund-window", "14 days");
        driver.touch(answer("c-2", "support", T0, "refund-window", "thirty days"), billing);

        List<Alert> alerts = driver.alerts(Rule.CONFLICTING_ANSWERS);
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.customerId()).isEqualTo("c-1");
        assertThat(alert.departments()).containsExactly("billing");
        assertThat(alert.summary()).contains("canonical answer \"30 days\"");
        assertThat(alert.details()).containsEntry("canonicalAnswer", "30 days");
        assertThat(alert.evidence()).extracting(Evidence::id).containsExactly(billing.get("id").asText());
    }

    @Test
    void perCustomerConflictNamesTheDepartmentThatDepartsFromTheFact() {
        driver.fact("refund-window", "30 days");
        driver.touch(answer("c-1", "support", T0, "refund-window", "30 days"),
                answer("c-1", "billing", T0.plusHours(1), "refund-window", "14 days"));
        List<Alert> alerts = driver.alerts(Rule.CONFLICTING_ANSWERS);
        assertThat(alerts).hasSize(2);
        assertThat(alerts).filteredOn(a -> a.departments().size() == 2).singleElement()
                .satisfies(a -> assertThat(a.details()).containsEntry("departsFromCanonical", List.of("billing")));
        assertThat(alerts).filteredOn(a -> a.departments().equals(List.of("billing"))).hasSize(1);
    }

    @Test
    void aReplayedEventIsEvaluatedOnceAndTheAlertIdIsStable() {
        var support = answer("c-1", "support", T0, "refund-window", "30 days");
        var billing = answer("c-1", "billing", T0.plusHours(2), "refund-window", "14 days");
        driver.touch(support, billing, billing, support);
        assertThat(driver.alerts()).hasSize(1);
        assertThat(driver.counter("unison.consistency.events", "outcome", "duplicate")).isEqualTo(2.0);
    }

    @Test
    void anEventIdIsRememberedForTheDedupRetentionByRecordTimeAndThenForgotten() {
        var support = answer("c-1", "support", T0, "refund-window", "30 days");
        Instant sent = T0.toInstant();
        driver.touchSentAt(sent, support)
                .touchSentAt(sent.plus(Duration.ofDays(6)), support)
                .touchSentAt(sent.minus(Duration.ofDays(6)), support);
        assertThat(driver.counter("unison.consistency.events", "outcome", "duplicate")).isEqualTo(2.0);

        // other traffic moves stream time on; the first sighting falls out of the seven days
        driver.touchSentAt(sent.plus(Duration.ofDays(15)), answer("c-2", "sales", T0, "refund-window", "30 days"));
        driver.touchSentAt(sent.plus(Duration.ofDays(15)), support);
        assertThat(driver.counter("unison.consistency.events", "outcome", "duplicate")).isEqualTo(2.0);
        assertThat(driver.counter("unison.consistency.events", "outcome", "processed")).isEqualTo(3.0);
    }

    @Test
    void disabledRuleKeepsQuiet() {
        driver.rule(Rule.CONFLICTING_ANSWERS, new RuleSettings(false, null, null, null, null, null, null, null, null));
        driver.touch(answer("c-1", "support", T0, "refund-window", "30 days"),
                answer("c-1", "billing", T0.plusHours(2), "refund-window", "14 days"));
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void historySentTodayKeepsWhoWasToldByEventTime() {
        // answers of twenty days ago, replayed now: hours of sending pass (the store is pruned) between them
        Instant now = Instant.parse("2026-01-25T00:00:00Z");
        driver.touchSentAt(now, answer("c-1", "support", T0, "refund-window", "30 days"));
        driver.touchSentAt(now.plus(Duration.ofHours(2)), answer("c-9", "sales", T0, "other-question", "yes"));
        driver.touchSentAt(now.plus(Duration.ofHours(4)), answer("c-1", "web", T0.plusHours(1), "refund-window",
                "14 days"));
        assertThat(driver.alerts(Rule.CONFLICTING_ANSWERS)).singleElement()
                .satisfies(a -> assertThat(a.details()).doesNotContainKey("otherCustomerId"));
    }
}
