package dev.unison.consistency.detector;

import dev.unison.consistency.rule.Rule;
import dev.unison.consistency.rule.RuleSettings;
import dev.unison.contracts.Alert;
import dev.unison.contracts.Evidence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.unison.consistency.Events.T0;
import static dev.unison.consistency.Events.answer;
import static dev.unison.consistency.Events.touch;
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
                RuleSettings.patch().window(Duration.ofDays(10)).build());
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
        driver.rule(Rule.CONFLICTING_ANSWERS, RuleSettings.patch().enabled(false).build());
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

    // ---- answers read as a customer hears them

    @Test
    void qualifiersThatChangeWhatTheCustomerHeardFire() {
        driver.touch(answer("c-1", "support", T0, "refund-window", "30 days"),
                answer("c-1", "sales", T0.plusHours(1), "refund-window", "more than 30 days"),
                answer("c-2", "support", T0, "warranty", "at least 2 years"),
                answer("c-2", "sales", T0.plusHours(1), "warranty", "at most 2 years"),
                answer("c-3", "support", T0, "return-by", "no later than March 3, 2027"),
                answer("c-3", "web", T0.plusHours(1), "return-by", "no later than April 3, 2027"),
                answer("c-4", "sales", T0, "premium-support", "yes, for an extra €10 a month"),
                answer("c-4", "support", T0.plusHours(1), "premium-support", "yes, it's included"),
                answer("c-5", "support", T0, "cancellation-notice", "30 days after purchase"),
                answer("c-5", "billing", T0.plusHours(1), "cancellation-notice", "30 days before renewal"));
        List<Alert> alerts = driver.alerts(Rule.CONFLICTING_ANSWERS);
        assertThat(alerts).extracting(Alert::customerId).containsExactlyInAnyOrder("c-1", "c-2", "c-3", "c-4", "c-5");
        Alert moreThan = alerts.stream().filter(a -> a.customerId().equals("c-1")).findFirst().orElseThrow();
        assertThat(moreThan.details()).containsKey("readings");
        @SuppressWarnings("unchecked")
        Map<String, Object> readings = (Map<String, Object>) moreThan.details().get("readings");
        assertThat(readings).containsOnlyKeys("support", "sales");
        assertThat(readings.get("sales").toString()).contains("more than 30 days");
    }

    @Test
    void theSameAnswerInOtherUnitsFormatsAndSentencesDoesNotFire() {
        driver.touch(answer("c-1", "support", T0, "warranty", "1 year"),
                answer("c-1", "sales", T0.plusHours(1), "warranty", "12 months"),
                answer("c-1", "support", T0, "response-time", "24 hours"),
                answer("c-1", "sales", T0.plusHours(1), "response-time", "within 1 day"),
                answer("c-1", "support", T0, "refund-window", "You can return it within 30 days of delivery"),
                answer("c-1", "web", T0.plusHours(1), "refund-window", "thirty days"),
                answer("c-1", "billing", T0, "price", "50,00 €"),
                answer("c-1", "sales", T0.plusHours(1), "price", "50 EUR"),
                answer("c-1", "billing", T0, "setup-fee", "free"),
                answer("c-1", "sales", T0.plusHours(1), "setup-fee", "included"),
                answer("c-1", "web", T0.plusHours(2), "setup-fee", "0 EUR"),
                answer("c-1", "billing", T0, "renewal-date", "3/3/2027"),
                answer("c-1", "sales", T0.plusHours(1), "renewal-date", "March 3, 2027"));
        assertThat(driver.alerts()).isEmpty();
        assertThat(driver.counter("unison.answers.read", "outcome", "read")).isEqualTo(13.0);
    }

    @Test
    void anAnswerThatCannotBeReadIsAnInfoFindingNotAConflict() {
        driver.touch(answer("c-1", "support", T0, "refund-window", "Please contact our returns team"),
                answer("c-1", "sales", T0.plusHours(1), "refund-window", "30 days"));
        assertThat(driver.alerts(Rule.ANSWERS_NOT_COMPARABLE)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Alert.INFO);
            assertThat(a.departments()).containsExactly("sales", "support");
            assertThat(a.summary()).contains("could not be compared", "Please contact our returns team", "30 days");
            assertThat(a.details()).containsKey("readings");
        });
        assertThat(driver.counter("unison.alerts", "rule", "conflicting-answers")).isZero();
        assertThat(driver.counter("unison.alerts", "rule", "answers-not-comparable")).isEqualTo(1.0);
        assertThat(driver.counter("unison.answers.read", "outcome", "unread")).isEqualTo(1.0);
    }

    @Test
    void theSameUnreadableTextTwiceAgreesAndTheFindingCanBeSwitchedOff() {
        driver.touch(answer("c-1", "support", T0, "refund-window", "Please contact our returns team"),
                answer("c-1", "sales", T0.plusHours(1), "refund-window", "please contact our returns team."));
        assertThat(driver.alerts()).isEmpty();
        driver.rule(Rule.ANSWERS_NOT_COMPARABLE, RuleSettings.patch().enabled(false).build());
        driver.touch(answer("c-2", "support", T0, "refund-window", "It depends"),
                answer("c-2", "sales", T0.plusHours(1), "refund-window", "30 days"));
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void unreadableAnswersAcrossCustomersAreNoFlood() {
        driver.touch(answer("c-1", "support", T0, "refund-window", "It depends"),
                answer("c-2", "sales", T0.plusHours(1), "refund-window", "30 days"),
                answer("c-3", "web", T0.plusHours(2), "refund-window", "Ask your account manager"));
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void aStructuredValueWinsOverTheText() {
        Map<String, Object> thirtyDays = Map.of("type", "quantity", "amount", 30, "unit", "day");
        driver.touch(touch("answer-given", "c-1", "support", T0, Map.of("question", "refund-window",
                        "answer", "about a month, as usual", "value", thirtyDays)),
                answer("c-1", "web", T0.plusHours(1), "refund-window", "thirty days"));
        assertThat(driver.alerts()).isEmpty();
        assertThat(driver.counter("unison.answers.read", "outcome", "structured")).isEqualTo(1.0);
        driver.touch(answer("c-1", "billing", T0.plusHours(2), "refund-window", "14 days"));
        assertThat(driver.alerts(Rule.CONFLICTING_ANSWERS)).hasSize(2);
    }

    @Test
    void qualifiersAcrossCustomersFireAndAgreeingOnesDoNot() {
        driver.touch(answer("c-1", "support", T0, "refund-window", "within 30 days"),
                answer("c-2", "web", T0.plusHours(1), "refund-window", "up to thirty days"));
        assertThat(driver.alerts()).isEmpty();
        driver.touch(answer("c-3", "sales", T0.plusHours(2), "refund-window", "more than 30 days"));
        // sales contradicts support and web: one alert per contradiction, on the customer told last
        assertThat(driver.alerts(Rule.CONFLICTING_ANSWERS)).hasSize(2).allSatisfy(a -> {
            assertThat(a.customerId()).isEqualTo("c-3");
            assertThat(a.departments()).contains("sales");
        });
    }

    @Test
    void anAnswerTheFactCannotBeComparedWithIsAFindingForThatDepartment() {
        driver.fact("refund-window", "30 days");
        driver.touch(answer("c-1", "support", T0, "refund-window", "within thirty days"),
                answer("c-2", "billing", T0.plusHours(1), "refund-window", "It depends on the product"));
        List<Alert> alerts = driver.alerts();
        assertThat(alerts).filteredOn(a -> a.rule().equals("conflicting-answers")).isEmpty();
        assertThat(alerts).filteredOn(a -> a.rule().equals("answers-not-comparable")).singleElement().satisfies(a -> {
            assertThat(a.departments()).containsExactly("billing");
            assertThat(a.severity()).isEqualTo(Alert.INFO);
            assertThat(a.summary()).contains("canonical answer \"30 days\"");
        });
    }
}
