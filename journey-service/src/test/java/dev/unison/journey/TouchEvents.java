package dev.unison.journey;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.EventJson;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
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

    /** One valid touch of every kind, for the given customer. */
    static List<ObjectNode> everyKind(String customerId, OffsetDateTime time) {
        return List.of(
                touch("answer-given", customerId, "support", time, Map.of("question", "refund-window", "answer", "30 days",
                        "value", Map.of("days", 30))),
                touch("info-requested", customerId, "billing", time, Map.of("fields", List.of("iban", "address"))),
                touch("info-provided", customerId, "billing", time, Map.of("fields", List.of("iban"))),
                touch("message-sent", customerId, "marketing", time, Map.of("contentKey", "spring-offer",
                        "purpose", "upsell", "subject", "Spring offer")),
                touch("contact", customerId, "sales", time, Map.of("purpose", "service", "summary", "call back",
                        "agent", Map.of("id", "agent-7", "automated", false))),
                touch("case-opened", customerId, "support", time, Map.of("caseId", "CASE-1", "issueKey", "BUG-1")),
                touch("case-transferred", customerId, "support", time, Map.of("caseId", "CASE-1",
                        "fromDepartment", "support", "toDepartment", "billing")),
                touch("case-closed", customerId, "billing", time, Map.of("caseId", "CASE-1", "resolution", "refunded")),
                touch("approval-requested", customerId, "sales", time, Map.of("approvalId", "AP-1", "approver", "cfo")),
                touch("approval-granted", customerId, "finance", time, Map.of("approvalId", "AP-1")),
                touch("contract-updated", customerId, "sales", time, Map.of("contractId", "K-1",
                        "renewsOn", "2027-09-30")));
    }

    static ObjectNode contact(String customerId, String department, OffsetDateTime time) {
        return touch("contact", customerId, department, time, Map.of("purpose", "service"));
    }
}
