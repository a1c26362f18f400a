package dev.unison.consistency.detector;

import dev.unison.consistency.rule.Rule;
import dev.unison.contracts.Alert;
import dev.unison.contracts.Evidence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.unison.consistency.Events.T0;
import static dev.unison.consistency.Events.provided;
import static dev.unison.consistency.Events.requested;
import static org.assertj.core.api.Assertions.assertThat;

class RepeatedInfoRequestDetectorTest {
    private final DetectorDriver driver = new DetectorDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void askingForWhatTheCustomerGaveAnotherDepartmentFiresNamingWhoHasIt() {
        var gave = provided("c-1", "support", T0, "iban", "address");
        var asked = requested("c-1", "billing", T0.plusDays(40), "iban", "phone");
        driver.touch(gave, asked);

        List<Alert> alerts = driver.alerts(Rule.REPEATED_INFO_REQUEST);
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        // the department that asked again and the one that already holds the information
        assertThat(alert.departments()).containsExactly("billing", "support");
        assertThat(alert.summary()).contains("iban", "support", "2026-01-05").doesNotContain("phone");
        assertThat(alert.evidence()).extracting(Evidence::id)
                .containsExactly(gave.get("id").asText(), asked.get("id").asText());
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) alert.details().get("fields");
        assertThat(fields).containsOnlyKeys("iban");
    }

    @Test
    void askingAgainWithinTheWindowFiresNamingTheFirstAsker() {
        driver.touch(requested("c-1", "sales", T0, "address"),
                requested("c-1", "billing", T0.plusDays(3), "address"));
        List<Alert> alerts = driver.alerts(Rule.REPEATED_INFO_REQUEST);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.departments()).containsExactly("billing", "sales");
            assertThat(a.summary()).contains("already asked for by sales");
        });
    }

    @Test
    void everyDepartmentHoldingAFieldIsNamedAndTheRulesOwnersToo() {
        driver.rule(Rule.REPEATED_INFO_REQUEST, dev.unison.consistency.rule.RuleSettings.patch()
                .owners("data-protection").build());
        driver.touch(provided("c-1", "support", T0, "iban"), provided("c-1", "web", T0.plusHours(1), "address"),
                requested("c-1", "sales", T0.plusDays(2), "phone"),
                requested("c-1", "billing", T0.plusDays(3), "iban", "address", "phone", "email"));
        assertThat(driver.alerts(Rule.REPEATED_INFO_REQUEST)).singleElement().satisfies(a ->
                assertThat(a.departments()).containsExactly("billing", "data-protection", "sales", "support", "web"));
    }

    @Test
    void nearMissesDoNotFire() {
        driver.touch(
                // asked again after the 30-day window
                requested("c-1", "sales", T0, "address"),
                requested("c-1", "billing", T0.plusDays(31), "address"),
                // another customer gave it
                provided("c-2", "support", T0, "iban"),
                requested("c-1", "billing", T0.plusDays(32), "iban"),
                // a first request for a field nobody holds
                requested("c-3", "billing", T0, "vat-number"));
        assertThat(driver.alerts()).isEmpty();
    }
}
