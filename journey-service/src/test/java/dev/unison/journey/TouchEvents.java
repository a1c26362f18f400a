package dev.unison.journey;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.EventJson;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;

/** Builds touch CloudEvents for tests. */
final class TouchEvents {
    private TouchEvents() {
    }

    static String customer() {
        return "cust-" + UUID.randomUUID();
    }

    /** A structured CloudEvent of the given kind with the common data and the extra data fields. */
    static ObjectNode touch(String kind, String customerId, String department, OffsetDateTime time,
                            Map<String, Object> extra) {
        ObjectNode event = EventJson.MAPPER.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", UUID.randomUUID().toString());
        event.put("source", "/crm/" + department);
        event.put("type", "cx.touch." + kind);
        event.put("time", time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        ObjectNode data = event.putObject("data");
        data.put("customerId", customerId);
        data.put("department", department);
        data.put("channel", "email");
        data.put("direction", "outbound");
        extra.forEach((k, v) -> data.set(k, EventJson.MAPPER.valueToTree(v)));
        return event;
    }

    static ObjectNode contact(String customerId, String department, OffsetDateTime time) {
        return touch("contact", customerId, department, time, Map.of("purpose", "service"));
    }
}
