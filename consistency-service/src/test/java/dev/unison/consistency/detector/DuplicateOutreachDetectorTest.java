package dev.unison.consistency.detector;

import dev.unison.consistency.rule.Rule;
import dev.unison.consistency.rule.RuleSettings;
import dev.unison.contracts.Alert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.unison.consistency.Events.T0;
import static dev.unison.consistency.Events.message;
import static org.assertj.core.api.Assertions.assertThat;

class DuplicateOutreachDetectorTest {
    private final DetectorDriver driver = new DetectorDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void twoDepartmentsSendingTheSameContentWithinTheWindowFire() {
        driver.touch(message("c-1", "marketing", T0, "spring-offer", "marketing"),
                message("c-1", "sales", T0.plusHours(20), "spring-offer", "sales"));
        List<Alert> alerts = driver.alerts(Rule.DUPLICATE_OUTREACH);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.departments()).containsExactly("marketing", "sales");
            assertThat(a.evidence()).hasSize(2);
            assertThat(a.severity()).isEqualTo(Alert.INFO);
        });
    }

    @Test
    void nearMissesDoNotFire() {
        driver.touch(
                // one department twice
                message("c-1", "marketing", T0, "spring-offer", "marketing"),
                message("c-1", "marketing", T0.plusHours(1), "spring-offer", "marketing"),
                // other content
                message("c-1", "sales", T0.plusHours(2), "price-list", "sales"),
                // same content, three days later
                message("c-2", "marketing", T0, "spring-offer", "marketing"),
                message("c-2", "sales", T0.plusDays(3), "spring-offer", "sales"));
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void theThresholdIsASetting() {
        driver.rule(Rule.DUPLICATE_OUTREACH, RuleSettings.patch().threshold(3).build());
        driver.touch(message("c-1", "marketing", T0, "spring-offer", "marketing"),
                message("c-1", "sales", T0.plusHours(1), "spring-offer", "sales"));
        assertThat(driver.alerts()).isEmpty();
        driver.touch(message("c-1", "support", T0.plusHours(2), "spring-offer", "service"));
        assertThat(driver.alerts(Rule.DUPLICATE_OUTREACH)).singleElement()
                .satisfies(a -> assertThat(a.departments()).containsExactly("marketing", "sales", "support"));
    }
}
