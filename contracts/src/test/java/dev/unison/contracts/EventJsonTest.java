package dev.unison.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventJsonTest {

    private static ObjectNode event(String time, String data) {
        return (ObjectNode) CloudEventCodec.parse(("""
                {"specversion":"1.0","id":"e-1","source":"crm","type":"cx.touch.contract-updated","time":%s,
                 "extra":"ignored","data":%s}""").formatted(time, data).getBytes());
    }

    @Test
    void touchReadsAsTheGeneralBindingReadsIt() {
        String data = """
                {"customerId":"c-1","department":"sales","channel":"phone","direction":"inbound",
                 "agent":{"id":"a-1"},"fields":["iban",7],"value":{"days":30},"question":42,"contractId":"K-1",
                 "renewsOn":"2027-09-30","unknown":{"x":1}}""";
        List<String> times = List.of("\"2026-11-25T10:15:00Z\"", "\"2026-11-25T10:15:00.123456+01:00\"",
                "\" 2026-11-25T10:15:00Z \"", "\"2026-11-25t10:15:00z\"", "1764065700", "\"1764065700.5\"");
        for (String time : times) {
            JsonNode event = event(time, data);
            assertThat(EventJson.toTouch(event)).as(time).isEqualTo(EventJson.convert(event, Touch.class));
        }
        JsonNode event = event("\"2026-11-25T10:15:00Z\"", data);
        assertThat(EventJson.toTouch(event).data().fields()).containsExactly("iban", "7");
        assertThat(EventJson.toTouch(event).data().agent().automated()).isFalse();
    }

    @Test
    void everyDataFieldWithAnyJsonValueReadsAsTheGeneralBindingReadsIt() {
        List<String> values = List.of("\"text\"", "\"\"", "42", "123456789012", "12345678901234567890123", "4.5",
                "1.50", "true", "null", "[]", "[\"a\",\"b\"]", "[\"a\",1]", "[null]", "{}", "{\"id\":\"x\"}",
                "{\"id\":\"x\",\"automated\":true,\"extra\":1}", "{\"automated\":\"yes\"}", "{\"id\":5}",
                "{\"id\":null,\"automated\":null}", "\"2027-09-30\"", "\"2027-02-30\"", "\" 2027-09-30\"",
                "\"2027-09-30T10:00:00Z\"", "{\"days\":30,\"list\":[1,2.5,\"x\",null]}");
        int general = 0;
        for (RecordComponent component : TouchData.class.getRecordComponents()) {
            for (String value : values) {
                // the common fields, each but the one under test (a JSON object names a field once)
                StringBuilder json = new StringBuilder("{");
                Map.of("customerId", "c-1", "department", "sales", "channel", "phone", "direction", "inbound")
                        .forEach((name, common) -> {
                            if (!name.equals(component.getName())) {
                                json.append('"').append(name).append("\":\"").append(common).append("\",");
                            }
                        });
                json.append('"').append(component.getName()).append("\":").append(value).append('}');
                String data = json.toString();
                JsonNode event = event("\"2026-11-25T10:15:00Z\"", data);
                Touch expected;
                try {
                    expected = EventJson.convert(event, Touch.class);
                } catch (IllegalArgumentException e) {
                    assertThatThrownBy(() -> EventJson.toTouch(event)).as(data)
                            .isInstanceOf(IllegalArgumentException.class).hasMessage(e.getMessage());
                    continue;
                }
                general++;
                assertThat(EventJson.toTouch(event)).as(data).isEqualTo(expected);
            }
        }
        assertThat(general).isGreaterThan(100);
    }

    @Test
    void unusualEnvelopeReadsAsTheGeneralBindingReadsIt() {
        ObjectNode event = event("\"2026-11-25T10:15:00Z\"", "{\"customerId\":\"c-1\"}");
        event.put("id", 7);
        assertThat(EventJson.toTouch(event)).isEqualTo(EventJson.convert(event, Touch.class));
        event.remove("data");
        assertThat(EventJson.toTouch(event)).isEqualTo(EventJson.convert(event, Touch.class));
    }

    @Test
    void dataTheRecordCannotHoldFailsWithTheGeneralBindingsMessage() {
        for (String data : List.of("{\"customerId\":\"c-1\",\"fields\":\"iban\"}", "{\"renewsOn\":\"soon\"}", "\"text\"")) {
            JsonNode event = event("\"2026-11-25T10:15:00Z\"", data);
            String expected = catchMessage(event);
            assertThatThrownBy(() -> EventJson.toTouch(event)).as(data).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(expected);
        }
    }

    private static String catchMessage(JsonNode event) {
        try {
            EventJson.convert(event, Touch.class);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError(event + " was expected not to bind");
    }
}
