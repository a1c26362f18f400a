package dev.unison.consistency.detector;

import dev.unison.consistency.service.Rule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.unison.consistency.Events.T0;
import static dev.unison.consistency.Events.reply;
import static dev.unison.consistency.Events.request;
import static org.assertj.core.api.Assertions.assertThat;

class AutomationLoopDetectorTest {
    private final DetectorDriver driver = new DetectorDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void threeRequestsAnsweredOnlyByABotFire() {
        var first = request("c-1", T0);
        driver.touch(first, reply("c-1", T0.plusMinutes(1), true),
                request("c-1", T0.plusHours(1)), reply("c-1", T0.plusHours(1).plusMinutes(1), true),
                request("c-1", T0.plusHours(2)), reply("c-1", T0.plusHours(2).plusMinutes(1), true));
        assertThat(driver.alerts(Rule.AUTOMATION_LOOP)).singleElement().satisfies(a -> {
            assertThat(a.departments()).containsExactly("support");
            assertThat(a.evidence()).hasSize(6);
            assertThat(a.evidence().get(0).id()).isEqualTo(first.get("id").asText());
            assertThat(a.summary()).contains("3 requests", "automated");
        });
        // the loop goes on: no second alert until a person has answered
        driver.touch(request("c-1", T0.plusHours(3)), reply("c-1", T0.plusHours(3).plusMinutes(1), true));
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void aPersonAnsweringInBetweenOrManyBotRepliesToOneRequestDoNotFire() {
        driver.touch(request("c-1", T0), reply("c-1", T0.plusMinutes(1), true),
                request("c-1", T0.plusHours(1)), reply("c-1", T0.plusHours(1).plusMinutes(1), true),
                request("c-1", T0.plusHours(2)), reply("c-1", T0.plusHours(2).plusMinutes(1), false),
                request("c-1", T0.plusHours(3)), reply("c-1", T0.plusHours(3).plusMinutes(1), true),
                request("c-2", T0), reply("c-2", T0.plusMinutes(1), true), reply("c-2", T0.plusMinutes(2), true),
                reply("c-2", T0.plusMinutes(3), true));
        assertThat(driver.alerts()).isEmpty();
    }
}
