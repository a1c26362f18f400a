package dev.unison.journey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.EventValidator;
import dev.unison.contracts.InvalidEventException;
import dev.unison.contracts.JsonLimits;
import dev.unison.contracts.Touch;
import dev.unison.contracts.Violation;
import dev.unison.journey.repository.TouchRepository;
import dev.unison.testsupport.EventMutations;
import dev.unison.testsupport.EventMutations.Mutant;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every mutation of a valid touch of every kind (drop, duplicate, retype, lengthen, nest, re-encode a field) is
 * either refused with violations, which the REST answer names and the DLQ headers carry, or read into a touch whose
 * row PostgreSQL takes: no text it refuses, nothing that throws on the way.
 */
class TouchMutationPropertyTest {
    private final EventValidator validator = EventValidator.forTouches(Duration.ofMinutes(5));

    static List<String> validTouches() {
        return TouchEvents.everyKind("cust-property", OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).withNano(0))
                .stream().map(ObjectNode::toString).toList();
    }

    @Provide
    Arbitrary<Mutant> mutants() {
        return EventMutations.of(validTouches());
    }

    @Property(tries = 400)
    void everyMutantIsRefusedWithViolationsOrReadIntoAStorableRow(@ForAll("mutants") Mutant mutant) {
        JsonNode event;
        try {
            event = CloudEventCodec.parse(mutant.body());
        } catch (InvalidEventException e) {
            assertThat(e.violations()).isNotEmpty();
            return;
        }
        List<Violation> violations = validator.validate(event);
        if (!violations.isEmpty()) {
            assertThat(violations).allSatisfy(v -> assertThat(v.detail()).isNotBlank());
            return;
        }
        assertThat(JsonLimits.textProblems(event, "")).isEmpty();
        Touch touch = EventJson.toTouch(event);
        assertThat(TouchRepository.rows(List.of(touch))).isNotEmpty();
        assertThat(EventJson.bytes(event).length).isLessThanOrEqualTo(JsonLimits.MAX_EVENT_BYTES);
    }
}
