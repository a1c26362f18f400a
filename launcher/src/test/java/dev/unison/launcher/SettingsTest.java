package dev.unison.launcher;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {
    private static final Settings DEFAULTS = new Settings(9092, 15432, 6, 1, true);

    @Test
    void instancesAndSimulatorComeFromTheCommandLine() {
        assertThat(DEFAULTS.withArguments(List.of("--instances", "3", "--no-simulator")))
                .isEqualTo(new Settings(9092, 15432, 6, 3, false));
        assertThat(DEFAULTS.withArguments(List.of("--instances=2")).instances()).isEqualTo(2);
        assertThat(DEFAULTS.withArguments(List.of())).isEqualTo(DEFAULTS);
    }

    @Test
    void moreInstancesThanPartitionsOrAnUnknownArgumentIsRefused() {
        assertThatThrownBy(() -> DEFAULTS.withArguments(List.of("--instances", "7")))
                .hasMessageContaining("partition count 6");
        assertThatThrownBy(() -> DEFAULTS.withArguments(List.of("--instances", "0")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.withArguments(List.of("--fast"))).hasMessageContaining("--fast");
    }

    @Test
    void everyInstanceOfEveryServiceHasAPortOfItsOwn() {
        List<Integer> ports = new java.util.ArrayList<>();
        for (Service service : Service.values()) {
            for (int i = 1; i <= 6; i++) {
                ports.add(service.port(i));
            }
        }
        assertThat(ports).doesNotHaveDuplicates().contains(8081, 8181, 8084, 8584);
    }
}
