package dev.unison.consistency.detector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.consistency.rule.Rule;
import dev.unison.consistency.rule.RuleSettings;
import dev.unison.contracts.Alert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import static dev.unison.consistency.Events.T0;
import static dev.unison.consistency.Events.reply;
import static dev.unison.consistency.Events.request;
import static org.assertj.core.api.Assertions.assertThat;

class AutomationLoopDetectorTest {
    /** The third automated answer of {@link #threeBotAnswers}: the grace period (15 minutes) runs from here. */
    private static final OffsetDateTime LAST_BOT_ANSWER = T0.plusHours(2).plusMinutes(1);

    private final DetectorDriver driver = new DetectorDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    private static final List<ObjectNode> BOT_ANSWERS = List.of(
            request("c-1", T0), reply("c-1", T0.plusMinutes(1), true),
            request("c-1", T0.plusHours(1)), reply("c-1", T0.plusHours(1).plusMinutes(1), true),
            request("c-1", T0.plusHours(2)), reply("c-1", LAST_BOT_ANSWER, true));

    /** Three requests, each answered by the bot only; returns the first request. */
    private ObjectNode threeBotAnswers() {
        driver.touch(BOT_ANSWERS.toArray(ObjectNode[]::new));
        return BOT_ANSWERS.get(0);
    }

    @Test
    void threeRequestsAnsweredOnlyByABotFireWhenTheGracePeriodEndsWithNoPerson() {
        var first = threeBotAnswers();
        // within the grace period nothing is said yet
        assertThat(driver.alerts(Rule.AUTOMATION_LOOP)).isEmpty();
        // the wall-clock check after the grace period raises it
        driver.advanceWallClock(Duration.ofDays(10));
        assertThat(driver.alerts(Rule.AUTOMATION_LOOP)).singleElement().satisfies(a -> {
            assertThat(a.departments()).containsExactly("support");
            assertThat(a.evidence()).hasSize(6);
            assertThat(a.evidence().get(0).id()).isEqualTo(first.get("id").asText());
            assertThat(a.summary()).contains("3 requests", "automated", "15 minutes");
            assertThat(a.detectedAt()).isEqualTo(LAST_BOT_ANSWER.plusMinutes(15));
        });
        // the loop goes on: no second alert until a person has answered
        driver.touch(request("c-1", T0.plusHours(3)), reply("c-1", T0.plusHours(3).plusMinutes(1), true));
        driver.advanceWallClock(Duration.ofDays(1));
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void aLaterTouchPastTheGracePeriodRaisesTheLoopByEventTimeAndTheSameAlertAsTheClockWould() {
        threeBotAnswers();
        driver.touch(request("c-1", LAST_BOT_ANSWER.plusMinutes(14)));
        assertThat(driver.alerts(Rule.AUTOMATION_LOOP)).isEmpty();
        driver.touch(request("c-1", LAST_BOT_ANSWER.plusMinutes(15)));
        Alert byEventTime = driver.alerts(Rule.AUTOMATION_LOOP).get(0);
        assertThat(byEventTime.detectedAt()).isEqualTo(LAST_BOT_ANSWER.plusMinutes(15));
        // the wall-clock check finds nothing more to say
        driver.advanceWallClock(Duration.ofDays(10));
        assertThat(driver.alerts()).isEmpty();

        try (DetectorDriver other = new DetectorDriver()) {
            other.touch(BOT_ANSWERS.toArray(ObjectNode[]::new));
            other.advanceWallClock(Duration.ofDays(10));
            Alert byClock = other.alerts(Rule.AUTOMATION_LOOP).get(0);
            assertThat(byClock.alertId()).isEqualTo(byEventTime.alertId());
            assertThat(byClock.detectedAt()).isEqualTo(byEventTime.detectedAt());
        }
    }

    @Test
    void aPersonJoiningWithinTheGracePeriodCancelsTheAlert() {
        threeBotAnswers();
        // a person writes to the customer ten minutes after the bot's third answer, unasked
        driver.touch(reply("c-1", LAST_BOT_ANSWER.plusMinutes(10), false));
        driver.advanceWallClock(Duration.ofDays(10));
        driver.touch(request("c-1", LAST_BOT_ANSWER.plusHours(1)));
        assertThat(driver.alerts(Rule.AUTOMATION_LOOP)).isEmpty();
    }

    @Test
    void aPersonJoiningAfterTheGracePeriodDoesNotWithdrawTheAlert() {
        threeBotAnswers();
        driver.touch(reply("c-1", LAST_BOT_ANSWER.plusMinutes(20), false));
        assertThat(driver.alerts(Rule.AUTOMATION_LOOP)).singleElement()
                .satisfies(a -> assertThat(a.detectedAt()).isEqualTo(LAST_BOT_ANSWER.plusMinutes(15)));
    }

    @Test
    void noGracePeriodAlertsOnTheThirdAutomatedAnswer() {
        driver.rule(Rule.AUTOMATION_LOOP, RuleSettings.patch().gracePeriod(Duration.ZERO).build());
        threeBotAnswers();
        assertThat(driver.alerts(Rule.AUTOMATION_LOOP)).singleElement()
                .satisfies(a -> assertThat(a.detectedAt()).isEqualTo(LAST_BOT_ANSWER));
    }

    @Test
    void aPersonAnsweringInBetweenOrManyBotRepliesToOneRequestDoNotFire() {
        driver.touch(request("c-1", T0), reply("c-1", T0.plusMinutes(1), true),
                request("c-1", T0.plusHours(1)), reply("c-1", T0.plusHours(1).plusMinutes(1), true),
                request("c-1", T0.plusHours(2)), reply("c-1", T0.plusHours(2).plusMinutes(1), false),
                request("c-1", T0.plusHours(3)), reply("c-1", T0.plusHours(3).plusMinutes(1), true),
                request("c-2", T0), reply("c-2", T0.plusMinutes(1), true), reply("c-2", T0.plusMinutes(2), true),
                reply("c-2", T0.plusMinutes(3), true));
        driver.advanceWallClock(Duration.ofDays(10));
        assertThat(driver.alerts()).isEmpty();
    }
}
