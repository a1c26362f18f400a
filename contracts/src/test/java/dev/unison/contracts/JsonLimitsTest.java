package dev.unison.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.core.builder.CloudEventBuilder;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonLimitsTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
    private final EventValidator validator = new EventValidator(EventTypes.TOUCHES, Duration.ofMinutes(5), NOW);

    private static String answer(String answerJson) {
        return """
                {"specversion":"1.0","id":"e-1","source":"crm","type":"cx.touch.answer-given",
                 "time":"2026-11-25T11:00:00Z",
                 "data":{"customerId":"c-1","department":"sales","channel":"phone","direction":"inbound",
                         "question":"refund-window","answer":%s}}""".formatted(answerJson);
    }

    private static String detailOf(byte[] json) {
        try {
            CloudEventCodec.parse(json);
        } catch (InvalidEventException e) {
            return e.getMessage();
        }
        throw new AssertionError("parsed: " + new String(json, StandardCharsets.UTF_8));
    }

    @Test
    void aTouchNested10000DeepIsRefusedAsOverALimitNotAnNpe() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThat(detailOf(answer("\"x\"").replace("\"x\"", deep).getBytes())).contains("over a limit")
                .contains("nesting depth");
        // binary mode: the data parsed from the record's value meets the same limit
        byte[] data = ("{\"customerId\":\"c-1\",\"value\":" + deep + "}").getBytes();
        var event = CloudEventBuilder.v1().withId("e-1").withSource(URI.create("crm"))
                .withType("cx.touch.answer-given").withData("application/json", data).build();
        ProducerRecord<String, byte[]> record = CloudEventCodec.toKafkaBinary("t", "c-1", event);
        assertThatThrownBy(() -> CloudEventCodec.fromKafka(record.headers(), record.value()))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.violations().get(0))
                        .satisfies(v -> assertThat(v.pointer()).isEqualTo("/data"))
                        .satisfies(v -> assertThat(v.detail()).contains("over a limit")));
    }

    @Test
    void aNumberOf5000DigitsIsRefusedAsOverALimit() {
        assertThat(detailOf(answer("\"x\"").replace("\"x\"", "1".repeat(5_000)).getBytes()))
                .contains("over a limit").contains("Number value length");
    }

    @Test
    void trailingBytesAndRepeatedNamesAreRefused() {
        assertThat(detailOf((answer("\"x\"") + " {}").getBytes())).contains("malformed JSON").contains("Trailing");
        assertThat(detailOf((answer("\"x\"") + "x").getBytes())).contains("malformed JSON");
        assertThat(detailOf("{\"id\":\"a\",\"id\":\"b\"}".getBytes())).contains("Duplicate field 'id'");
    }

    @Test
    void nulAndUnpairedSurrogatesAreRefusedWithTheirPointerAndPairedOnesPass() {
        for (String bad : List.of("\"\\u0000\"", "\"\\ud800x\"", "\"x\\udc00\"", "\"\\ud800\"", "\"a\\u0000b\"")) {
            JsonNode event = CloudEventCodec.parse(answer(bad).getBytes());
            assertThat(validator.validate(event)).as(bad).extracting(Violation::pointer).contains("/data/answer");
        }
        JsonNode emoji = CloudEventCodec.parse(answer("\"\\ud83d\\ude00 ok\"").getBytes());
        assertThat(validator.validate(emoji)).isEmpty();
        ObjectNode named = (ObjectNode) CloudEventCodec.parse(answer("\"x\"").getBytes());
        ((ObjectNode) named.get("data")).put("a/b\u0000", "x");
        assertThat(validator.validate(named)).extracting(Violation::pointer).contains("/data/a~1b\u0000");
        // raw bytes of an encoded surrogate (CESU-8) read as a lone surrogate: refused the same way
        byte[] cesu = answer("\"#\"").getBytes(StandardCharsets.UTF_8);
        byte[] raw = new String(cesu, StandardCharsets.ISO_8859_1)
                .replace("\"#\"", "\"\u00ed\u00a0\u0080\"").getBytes(StandardCharsets.ISO_8859_1);
        String refused;
        try {
            refused = validator.validate(CloudEventCodec.parse(raw)).toString();
        } catch (InvalidEventException e) {
            refused = e.getMessage();
        }
        assertThat(refused).isNotEqualTo("[]");
    }

    @Test
    void aNumberBeyondADoubleIsRefused() {
        ObjectNode event = (ObjectNode) CloudEventCodec.parse(answer("\"x\"").getBytes());
        ((ObjectNode) event.get("data")).set("value", CloudEventCodec.parse("1e400".getBytes()));
        assertThat(validator.validate(event)).extracting(Violation::pointer).contains("/data/value");
    }

    @Test
    void theSchemasBoundEveryStringArrayAndOpenObject() {
        assertThat(pointers(answer("\"" + "a".repeat(2001) + "\""))).containsExactly("/data/answer");
        assertThat(pointers(answer("\"ok\"").replace("\"refund-window\"", "\"q\",\"value\":{\"k\":\""
                + "v".repeat(4001) + "\"}"))).containsExactly("/data/value/k");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 65; i++) {
            many.append(",\"f").append(i).append("\":1");
        }
        assertThat(pointers(answer("\"ok\"" + many))).contains("/data");
        assertThat(pointers(answer("\"ok\",\"caseId\":\"" + "c".repeat(201) + "\""))).containsExactly("/data/caseId");
        assertThat(pointers(answer("\"ok\",\"value\":1e16"))).containsExactly("/data/value");
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            fields.add("\"f" + i + "\"");
        }
        String info = answer("\"x\"").replace("answer-given", "info-provided")
                .replace("\"question\":\"refund-window\",\"answer\":\"x\"", "\"fields\":[" + String.join(",", fields) + "]");
        assertThat(pointers(info)).containsExactly("/data/fields");
        assertThat(pointers(answer("\"ok\"").replace("\"crm\",", "\"crm\",\"ext\":\"" + "e".repeat(501) + "\","))).containsExactly("/ext");
    }

    private List<String> pointers(String json) {
        return validator.validate(CloudEventCodec.parse(json.getBytes())).stream().map(Violation::pointer).toList();
    }

    @Test
    void aProblemListsTheFirst100ErrorsAndCountsThemAll() {
        List<Violation> many = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            many.add(new Violation("/" + i + "/id", "required"));
        }
        Problem problem = Problem.of("invalid-event", "Invalid event", 400, "x", "/touches", many);
        assertThat(problem.errors()).hasSize(100);
        assertThat(problem.errorCount()).isEqualTo(250);
        assertThat(EventJson.string(problem)).contains("\"errorCount\":250");
    }

    @Test
    void anEventOverItsSizeIsPayloadTooLarge() {
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            fields.append(",\"f").append(i).append("\":[");
            for (int j = 0; j < 3; j++) {
                fields.append(j == 0 ? "" : ",").append('"').append("x".repeat(3_999)).append('"');
            }
            fields.append(']');
        }
        JsonNode big = CloudEventCodec.parse(answer("\"ok\"" + fields).replace("2026-11-25T11", "2020-11-25T11")
                .getBytes());
        assertThatThrownBy(() -> Submissions.events(big, false, EventValidator.forTouches(Duration.ofMinutes(5))::validate))
                .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("one event may have");
    }

    @Test
    void logTextCannotForgeALine() {
        assertThat(JsonLimits.forLog("ok\nFAKE 2026 ERROR\r\u0000\ud800")).isEqualTo(
                "ok\\u000aFAKE 2026 ERROR\\u000d\\u0000\\ud800");
        assertThat(JsonLimits.forLog("x".repeat(600))).hasSizeLessThan(530).endsWith("(600 chars)");
        assertThat(JsonLimits.forLog("\ud83d\ude00")).isEqualTo("\ud83d\ude00");
    }

    @Test
    void deadLetterTopicOfATopic() {
        assertThat(Topics.deadLettersOf(Topics.TOUCHES)).isEqualTo(Topics.TOUCHES_DLQ);
        assertThat(Topics.deadLettersOf(Topics.FEEDBACK)).isEqualTo(Topics.FEEDBACK_DLQ);
        assertThat(Topics.deadLettersOf(Topics.ALERTS)).isEqualTo(Topics.ALERTS_DLQ);
        assertThat(new RecordHeaders().toArray()).isEmpty();
    }
}
