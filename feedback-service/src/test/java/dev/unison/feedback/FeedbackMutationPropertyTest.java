package dev.unison.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.InvalidEventException;
import dev.unison.contracts.JsonLimits;
import dev.unison.contracts.Violation;
import dev.unison.feedback.repository.FeedbackRow;
import dev.unison.feedback.service.FeedbackStore;
import dev.unison.feedback.service.FeedbackValidator;
import dev.unison.testsupport.EventMutations;
import dev.unison.testsupport.EventMutations.Mutant;
import io.smallrye.config.SmallRyeConfigBuilder;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every mutation of a valid feedback event of every kind (drop, duplicate, retype, lengthen, nest, re-encode a
 * field) is either refused with violations, which the REST answer names and the DLQ headers carry, or read into a
 * row: no text PostgreSQL refuses, nothing that throws on the way.
 */
class FeedbackMutationPropertyTest {
    private final FeedbackValidator validator = new FeedbackValidator(new SmallRyeConfigBuilder()
            .withMapping(dev.unison.feedback.config.FeedbackConfig.class).build()
            .getConfigMapping(dev.unison.feedback.config.FeedbackConfig.class));

    static List<String> validFeedback() {
        OffsetDateTime t = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).withNano(0);
        String customer = "cust-property";
        ObjectNode survey = FeedbackEvents.agentSurvey(customer, "support", "agent-7", "csat", 4, t);
        ((ObjectNode) survey.get("data")).put("comment", "two different answers");
        return List.of(survey, FeedbackEvents.complaint(customer, "billing", "email", t),
                        FeedbackEvents.praise(customer, "sales", "chat", t),
                        FeedbackEvents.bugReport(customer, "support", "BUG-1", "2.0", t),
                        FeedbackEvents.released("2.1", List.of("BUG-1", "BUG-2"), t),
                        FeedbackEvents.acknowledged("BUG-1", customer, t))
                .stream().map(ObjectNode::toString).toList();
    }

    @Provide
    Arbitrary<Mutant> mutants() {
        return EventMutations.of(validFeedback());
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
        FeedbackRow row = FeedbackStore.row(event);
        assertThat(row.source()).isEqualTo(event.get("source").asText());
        assertThat(EventJson.bytes(event).length).isLessThanOrEqualTo(JsonLimits.MAX_EVENT_BYTES);
    }
}
