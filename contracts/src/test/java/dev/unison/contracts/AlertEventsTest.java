package dev.unison.contracts;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlertEventsTest {
    private static final Alert ALERT = new Alert("a-1", "conflicting-answers", Alert.WARNING, "C-42",
            List.of("sales", "support"), "conflicting-answers|refund-window", "sales and support answered differently",
            List.of(), OffsetDateTime.parse("2026-11-25T10:15:00+01:00"), Map.of("question", "refund-window"));

    @Test
    void anAlertRecordIsABinaryModeCloudEventOfTypeCxAlertRuleReadByTheSdk() {
        byte[] value = EventJson.bytes(ALERT);
        RecordHeaders headers = new RecordHeaders();
        AlertEvents.writeHeaders(headers, ALERT);

        CloudEvent event = KafkaMessageFactory.createReader(headers, value).toEvent();
        assertThat(event.getId()).isEqualTo("a-1");
        assertThat(event.getType()).isEqualTo("cx.alert.conflicting-answers");
        assertThat(event.getSource()).isEqualTo(AlertEvents.SOURCE);
        assertThat(event.getSubject()).isEqualTo("C-42");
        assertThat(event.getTime()).isEqualTo(OffsetDateTime.parse("2026-11-25T09:15:00Z"));
        assertThat(event.getDataContentType()).isEqualTo("application/json");
        assertThat(EventJson.MAPPER.convertValue(CloudEventCodec.toJson(event).get("data"), Alert.class))
                .as("the data is the alert itself").isEqualTo(ALERT);
    }

    @Test
    void headersInheritedFromTheTouchThatCompletedTheEvidenceAreReplaced() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_type", "cx.touch.answer-given".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_id", "crm-81723".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_dataschema", "urn:touch".getBytes(StandardCharsets.UTF_8));
        headers.add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
        headers.add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));

        AlertEvents.writeHeaders(headers, ALERT);

        assertThat(headers.headers("ce_type")).singleElement()
                .satisfies(h -> assertThat(new String(h.value(), StandardCharsets.UTF_8)).isEqualTo("cx.alert.conflicting-answers"));
        assertThat(headers.headers("ce_id")).hasSize(1);
        assertThat(headers.lastHeader("ce_dataschema")).isNull();
        assertThat(headers.headers("content-type")).singleElement()
                .satisfies(h -> assertThat(new String(h.value(), StandardCharsets.UTF_8)).isEqualTo("application/json"));
        assertThat(headers.lastHeader("traceparent")).as("other headers are kept").isNotNull();
    }
}
