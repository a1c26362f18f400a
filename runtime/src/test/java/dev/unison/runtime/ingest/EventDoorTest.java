package dev.unison.runtime.ingest;

import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.InvalidEventException;
import dev.unison.contracts.PayloadTooLargeException;
import dev.unison.contracts.Violation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.ws.rs.NotSupportedException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the door refuses before anything is published, and how it counts it (publishing: the services' tests). */
class EventDoorTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EventCounters counters = new EventCounters(registry);

    @Test
    void eachRefusalIsThrownForItsProblemAndCountedPerEvent() {
        try (EventDoor door = new EventDoor("localhost:1", "door-test", counters, 1_000,
                event -> List.of(new Violation("/source", "required")), event -> {
                    throw new AssertionError("nothing may be published");
                })) {
            assertThatThrownBy(() -> door.submit(utf8("{}"), null)).isInstanceOf(NotSupportedException.class);
            assertThatThrownBy(() -> door.submit(new byte[1_001], CloudEventCodec.STRUCTURED_CONTENT_TYPE))
                    .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("limit of 1000 bytes");
            assertThat(rejected()).isEqualTo(1);
            assertThatThrownBy(() -> door.submit(utf8("{not json"), CloudEventCodec.STRUCTURED_CONTENT_TYPE))
                    .isInstanceOf(InvalidEventException.class);
            assertThat(rejected()).isEqualTo(2);
            assertThatThrownBy(() -> door.submit(utf8("[{\"id\":\"a\"},{\"id\":\"b\"},{\"id\":\"c\"}]"),
                    CloudEventCodec.BATCH_CONTENT_TYPE))
                    .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.violations())
                            .extracting(Violation::pointer).containsExactly("/0/source", "/1/source", "/2/source"));
            assertThat(rejected()).as("a refused batch counts each of its events").isEqualTo(5);
            assertThat(registry.get("unison.events.accepted").counter().count()).isZero();
        }
    }

    private double rejected() {
        return registry.get("unison.events.rejected").tag("via", "rest").counter().count();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
