package dev.unison.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventValidatorTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
    private final EventValidator validator = new EventValidator(EventTypes.TOUCHES, Duration.ofMinutes(5), NOW);

    static ObjectNode answer() {
        return (ObjectNode) CloudEventCodec.parse("""
                {"specversion":"1.0","id":"e-1","source":"crm","type":"cx.touch.answer-given",
                 "time":"2026-11-25T11:00:00Z",
                 "data":{"customerId":"c-1","department":"sales","channel":"phone","direction":"inbound",
                         "question":"refund-window","answer":"30 days"}}""".getBytes());
    }

    @Test
    void validEventHasNoViolations() {
        assertThat(validator.validate(answer())).isEmpty();
    }

    @Test
    void aStructuredValueIsTypedByTheAnswerValueSchema() {
        ObjectNode event = answer();
        ObjectNode data = (ObjectNode) event.get("data");
        data.set("value", EventJson.MAPPER.createObjectNode().put("type", "quantity").put("amount", 30)
                .put("unit", "day").put("comparator", "at-most").put("after", "delivery"));
        assertThat(validator.validate(event)).isEmpty();
        data.set("value", EventJson.MAPPER.createObjectNode().put("type", "boolean").put("value", true)
                .set("condition", EventJson.MAPPER.createObjectNode().put("type", "money").put("amount", 10)
                        .put("currency", "EUR").put("per", "month")));
        assertThat(validator.validate(event)).isEmpty();
        data.put("value", "30 days");
        assertThat(validator.validate(event)).isEmpty();

        // money without its currency, and a comparator nobody reads, are refused naming the value
        data.set("value", EventJson.MAPPER.createObjectNode().put("type", "money").put("amount", 10));
        assertThat(validator.validate(event)).extracting(Violation::pointer).contains("/data/value");
        data.set("value", EventJson.MAPPER.createObjectNode().put("type", "quantity").put("amount", 30)
                .put("comparator", "roughly"));
        assertThat(validator.validate(event)).extracting(Violation::pointer).contains("/data/value");
    }

    @Test
    void missingAttributeIsNamedByItsPointer() {
        ObjectNode event = answer();
        event.remove("source");
        ((ObjectNode) event.get("data")).remove("customerId");
        assertThat(validator.validate(event)).extracting(Violation::pointer)
                .containsExactly("/data/customerId", "/source");
    }

    @Test
    void wrongTypeIsNamedByItsPointer() {
        ObjectNode event = answer();
        ((ObjectNode) event.get("data")).put("channel", 42);
        ((ObjectNode) event.get("data")).putArray("fields");
        event.put("id", 7);
        assertThat(validator.validate(event)).extracting(Violation::pointer).contains("/data/channel", "/id");
    }

    @Test
    void unknownTypeIsRejectedNamingTheKnownOnes() {
        ObjectNode event = answer();
        event.put("type", "cx.touch.telepathy");
        assertThat(validator.validate(event)).singleElement().satisfies(v -> {
            assertThat(v.pointer()).isEqualTo("/type");
            assertThat(v.detail()).contains("cx.touch.telepathy", "cx.touch.answer-given");
        });
    }

    @Test
    void timeFarInTheFutureIsRejectedButSmallSkewIsAccepted() {
        ObjectNode event = answer();
        event.put("time", "2026-11-25T12:04:00Z");
        assertThat(validator.validate(event)).isEmpty();
        event.put("time", "2026-11-26T12:00:00Z");
        assertThat(validator.validate(event)).extracting(Violation::pointer).containsExactly("/time");
    }

    @Test
    void malformedTimestampIsRejected() {
        ObjectNode event = answer();
        event.put("time", "yesterday");
        assertThat(validator.validate(event)).extracting(Violation::pointer).contains("/time");
    }

    @Test
    void feedbackTypeIsUnknownToTheTouchValidator() {
        ObjectNode event = answer();
        event.put("type", EventTypes.SURVEY);
        assertThat(validator.validate(event)).extracting(Violation::pointer).containsExactly("/type");
    }

    @Test
    void everyTouchKindAndFeedbackKindHasASchema() {
        EventValidator.schemaNames().forEach(name -> assertThat(EventValidator.schemaText(name)).as(name).isNotNull());
        assertThat(EventValidator.schemaText("../secret")).isNull();
    }

    @Test
    void requireThrowsWithEveryViolation() {
        ObjectNode event = answer();
        event.remove("id");
        event.remove("time");
        assertThatThrownBy(() -> validator.require(event)).isInstanceOf(InvalidEventException.class)
                .satisfies(e -> assertThat(((InvalidEventException) e).violations()).hasSize(2));
    }

    @Test
    void validEventReadsAsTouchRecord() {
        JsonNode event = answer();
        Touch touch = EventJson.toTouch(event);
        assertThat(touch.kind()).isEqualTo("answer-given");
        assertThat(touch.data().answer()).isEqualTo("30 days");
        assertThat(touch.data().initiator()).isEqualTo("customer");
    }
}
