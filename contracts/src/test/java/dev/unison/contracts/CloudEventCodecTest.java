package dev.unison.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudEventCodecTest {

    @Test
    void structuredRecordIsKeyedByCustomerAndReadsBack() {
        JsonNode event = EventValidatorTest.answer();
        ProducerRecord<String, byte[]> record = CloudEventCodec.toKafka(Topics.TOUCHES, event);
        assertThat(record.key()).isEqualTo("c-1");
        assertThat(record.headers().lastHeader("content-type").value()).asString()
                .isEqualTo("application/cloudevents+json");
        assertThat(CloudEventCodec.fromKafka(record.headers(), record.value())).isEqualTo(event);
    }

    @Test
    void binaryRecordReadsBackAsTheSameStructuredEvent() {
        JsonNode event = EventValidatorTest.answer();
        CloudEvent sdkEvent = CloudEventCodec.toCloudEvent(event);
        ProducerRecord<String, byte[]> record = CloudEventCodec.toKafkaBinary(Topics.TOUCHES, "c-1", sdkEvent);
        assertThat(record.headers().lastHeader("ce_id").value()).asString().isEqualTo("e-1");
        JsonNode read = CloudEventCodec.fromKafka(record.headers(), record.value());
        assertThat(read.get("data")).isEqualTo(event.get("data"));
        assertThat(read.get("type").asText()).isEqualTo("cx.touch.answer-given");
        assertThat(EventJson.toTouch(read).time()).isEqualTo(EventJson.toTouch(event).time());
    }

    @Test
    void malformedJsonSaysWhere() {
        assertThatThrownBy(() -> CloudEventCodec.fromKafka(new RecordHeaders(), "{\"id\": ".getBytes()))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("malformed JSON at line 1");
    }

    @Test
    void unsupportedContentTypeIsRejected() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", "text/plain".getBytes());
        assertThatThrownBy(() -> CloudEventCodec.fromKafka(headers, "hello".getBytes()))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("unsupported content-type");
    }

    @Test
    void alertIdIsDeterministic() {
        assertThat(Alert.deterministicId("conflicting-answers", "e-1", "e-2"))
                .isEqualTo(Alert.deterministicId("conflicting-answers", "e-1", "e-2"))
                .isNotEqualTo(Alert.deterministicId("conflicting-answers", "e-2", "e-1"));
    }
}
