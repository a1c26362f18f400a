package dev.unison.consistency;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.EventJson;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds structured touch and feedback CloudEvents for tests. */
public final class Events {
    /** A Monday morning well in the past, so no event is refused as lying in the future. */
    public static final OffsetDateTime T0 = OffsetDateTime.of(2026, 1, 5, 9, 0, 0, 0, ZoneOffset.UTC);

    private Events() {
    }

    public static ObjectNode touch(String kind, String customerId, String department, OffsetDateTime time,
                                   Map<String, Object> data) {
        ObjectNode event = envelope("cx.touch." + kind, "/systems/" + department, time);
        ObjectNode d = event.putObject("data");
        d.put("customerId", customerId);
        d.put("department", department);
        d.put("channel", "email");
        d.put("direction", "outbound");
        data.forEach((k, v) -> d.set(k, EventJson.MAPPER.valueToTree(v)));
        return event;
    }

    public static ObjectNode answer(String customerId, String department, OffsetDateTime time, String question,
                                    String answer) {
        return touch("answer-given", customerId, department, time, Map.of("question", question, "answer", answer));
    }

    public static ObjectNode requested(String customerId, String department, OffsetDateTime time, String... fields) {
        return touch("info-requested", customerId, department, time, Map.of("fields", List.of(fields)));
    }

    public static ObjectNode provided(String customerId, String department, OffsetDateTime time, String... fields) {
        return touch("info-provided", customerId, department, time,
                Map.of("fields", List.of(fields), "direction", "inbound", "initiatedBy", "customer"));
    }

    public static ObjectNode message(String customerId, String department, OffsetDateTime time, String contentKey,
                                     String purpose) {
        return touch("message-sent", customerId, department, time,
                Map.of("contentKey", contentKey, "purpose", purpose, "subject", contentKey.replace('-', ' ')));
    }

    public static ObjectNode contract(String customerId, OffsetDateTime time, String renewsOn) {
        return touch("contract-updated", customerId, "account-management", time,
                Map.of("contractId", "k-" + customerId, "renewsOn", renewsOn, "direction", "outbound"));
    }

    /** A customer's inbound request on chat. */
    public static ObjectNode request(String customerId, OffsetDateTime time) {
        return touch("contact", customerId, "support", time, Map.of("direction", "inbound", "initiatedBy", "customer",
                "channel", "chat", "purpose", "service", "summary", "customer asks for help"));
    }

    /** The company's reply on chat, by a bot or by a person. */
    public static ObjectNode reply(String customerId, OffsetDateTime time, boolean automated) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("channel", "chat");
        data.put("purpose", "service");
        data.put("agent", Map.of("id", automated ? "bot-1" : "agent-7", "automated", automated));
        return touch("contact", customerId, "support", time, data);
    }

    public static ObjectNode feedback(String type, String customerId, String department, OffsetDateTime time,
                                      Map<String, Object> data) {
        ObjectNode event = envelope(type, "/feedback/" + (department == null ? "product" : department), time);
        ObjectNode d = event.putObject("data");
        if (customerId != null) {
            d.put("customerId", customerId);
        }
        if (department != null) {
            d.put("department", department);
        }
        data.forEach((k, v) -> d.set(k, EventJson.MAPPER.valueToTree(v)));
        return event;
    }

    public static ObjectNode bugReport(String customerId, OffsetDateTime time, String bugKey) {
        return feedback("cx.feedback.bug-report", customerId, "support", time,
                Map.of("bugKey", bugKey, "summary", "export fails"));
    }

    public static ObjectNode release(OffsetDateTime time, String release, String... fixes) {
        return feedback("cx.release.shipped", null, "product", time,
                Map.of("release", release, "fixes", List.of(fixes)));
    }

    public static String text(ObjectNode event) {
        return EventJson.string(event);
    }

    private static ObjectNode envelope(String type, String source, OffsetDateTime time) {
        ObjectNode event = EventJson.MAPPER.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", UUID.randomUUID().toString());
        event.put("source", source);
        event.put("type", type);
        event.put("time", time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        return event;
    }
}
