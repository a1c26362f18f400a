package dev.unison.feedback;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.EventJson;
import io.restassured.path.json.JsonPath;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Builds feedback CloudEvents for tests, and sends them the way producers do. */
final class FeedbackEvents {
    private FeedbackEvents() {
    }

    static String customer() {
        return "cust-" + UUID.randomUUID();
    }

    /** A structured CloudEvent of the given type with the given data fields. */
    static ObjectNode event(String type, OffsetDateTime time, Map<String, Object> data) {
        ObjectNode event = EventJson.MAPPER.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", UUID.randomUUID().toString());
        event.put("source", "/survey-tool/test");
        event.put("type", type);
        event.put("time", time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        ObjectNode node = event.putObject("data");
        data.forEach((k, v) -> node.set(k, EventJson.MAPPER.valueToTree(v)));
        return event;
    }

    static ObjectNode survey(String customerId, String department, String channel, String metric, int score,
                             OffsetDateTime time) {
        return event("cx.feedback.survey", time, Map.of("customerId", customerId, "department", department,
                "channel", channel, "metric", metric, "score", score));
    }

    /** A survey answer attributed to an agent, as a survey tool sends it after the agent's contact. */
    static ObjectNode agentSurvey(String customerId, String department, String agent, String metric, int score,
                                  OffsetDateTime time) {
        ObjectNode event = survey(customerId, department, "phone", metric, score, time);
        ((ObjectNode) event.get("data")).putObject("agent").put("id", agent).put("automated", false);
        ((ObjectNode) event.get("data")).put("caseId", "case-" + agent + "-" + customerId);
        return event;
    }

    static ObjectNode complaint(String customerId, String department, String channel, OffsetDateTime time) {
        return event("cx.feedback.complaint", time, Map.of("customerId", customerId, "department", department,
                "channel", channel, "summary", "asked three times, got three answers"));
    }

    static ObjectNode praise(String customerId, String department, String channel, OffsetDateTime time) {
        return event("cx.feedback.praise", time, Map.of("customerId", customerId, "department", department,
                "channel", channel, "summary", "quick and friendly"));
    }

    static ObjectNode bugReport(String customerId, String department, String bugKey, String release,
                                OffsetDateTime time) {
        ObjectNode event = event("cx.feedback.bug-report", time, Map.of("customerId", customerId,
                "department", department, "channel", "portal", "bugKey", bugKey));
        if (release != null) {
            ((ObjectNode) event.get("data")).put("release", release);
        }
        return event;
    }

    static ObjectNode released(String release, List<String> fixes, OffsetDateTime time) {
        return event("cx.release.shipped", time, Map.of("release", release, "department", "product",
                "fixes", fixes));
    }

    static ObjectNode acknowledged(String bugKey, String customerId, OffsetDateTime time) {
        ObjectNode event = event("cx.feedback.bug-acknowledged", time, Map.of("bugKey", bugKey,
                "department", "support"));
        if (customerId != null) {
            ((ObjectNode) event.get("data")).put("customerId", customerId);
        }
        return event;
    }

    /** Posts the events as one batch and expects them accepted. */
    static void post(List<ObjectNode> events) {
        given().contentType("application/cloudevents-batch+json").body(events.toString())
                .when().post("/feedback")
                .then().statusCode(202);
    }

    /** The value of a Prometheus sample, e.g. {@code unison_events_stored_total}; 0 when absent. */
    static double metric(String sample) {
        String body = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : body.split("\n")) {
            if (line.startsWith(sample + " ") || line.startsWith(sample.replace("}", ",") )) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    static JsonPath getJson(String path, Map<String, ?> params) {
        return given().queryParams(params).when().get(path).then().statusCode(200).extract().jsonPath();
    }
}
