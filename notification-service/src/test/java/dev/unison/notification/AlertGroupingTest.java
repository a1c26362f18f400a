package dev.unison.notification;

import dev.unison.contracts.Alert;
import dev.unison.notification.service.AlertGrouping;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertGroupingTest {
    private final Alert ana = TestAlerts.alert("conflicting-answers", Alert.WARNING, "ana", List.of("sales"),
            "conflicting-answers:fee");
    private final Alert ben = TestAlerts.alert("conflicting-answers", Alert.CRITICAL, "ben", List.of("billing"),
            "conflicting-answers:fee");

    @Test
    void byDefaultAlertsSharingAFingerprintShareAGroupWhoeverTheCustomer() {
        AlertGrouping byFingerprint = new AlertGrouping(List.of("fingerprint"));

        assertThat(byFingerprint.of(ana)).isEqualTo(byFingerprint.of(ben));
        assertThat(byFingerprint.of(ana).key()).isEqualTo("fingerprint=conflicting-answers:fee");
        assertThat(byFingerprint.of(ana).labelsJson()).isEqualTo("{\"fingerprint\":\"conflicting-answers:fee\"}");
    }

    @Test
    void aConfiguredLabelSetGroupsByAllItsLabels() {
        AlertGrouping byRuleAndCustomer = new AlertGrouping(List.of("rule", " customer"));

        assertThat(byRuleAndCustomer.of(ana)).isNotEqualTo(byRuleAndCustomer.of(ben));
        assertThat(byRuleAndCustomer.of(ana).key()).isEqualTo("rule=conflicting-answers,customer=ana");
        assertThat(new AlertGrouping(List.of("rule")).of(ana).key())
                .isEqualTo(new AlertGrouping(List.of("rule")).of(ben).key());
    }

    @Test
    void anUnknownLabelIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new AlertGrouping(List.of("fingerprint", "department")))
                .hasMessageContaining("department");
        assertThatThrownBy(() -> new AlertGrouping(List.of())).hasMessageContaining("must name some of");
    }
}
