package dev.unison.consistency;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.consistency.messaging.StreamTopics;
import dev.unison.contracts.Alert;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Topics;
import dev.unison.testsupport.KafkaTestClient;
import dev.unison.testsupport.UnisonTestResources;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static dev.unison.consistency.Events.answer;
import static dev.unison.consistency.Events.bugReport;
import static dev.unison.consistency.Events.feedback;
import static dev.unison.consistency.Events.provided;
import static dev.unison.consistency.Events.release;
import static dev.unison.consistency.Events.requested;
import static dev.unison.consistency.Events.touch;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile input, table-driven, over REST and Kafka: every case has its expected answer (a status, or what becomes of
 * the record), no case gets a 5xx or stops the streams, and afterwards a good story still raises its alert.
 */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "database", value = "false"))
class HostileInputTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROBLEM = "application/problem+json";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final OffsetDateTime T = OffsetDateTime.now(ZoneOffset.UTC).minusDays(3).truncatedTo(ChronoUnit.SECONDS);

    @Inject
    KafkaStreams streams;

    @Inject
    MeterRegistry registry;

    // ---------------------------------------------------------------- REST

    /** A request and the status it must get; every error answer is problem+json with that status. */
    record Call(String name, String method, String path, String contentType, byte[] body, int status) {
        Call(String name, String method, String path, String contentType, String body, int status) {
            this(name, method, path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8), status);
        }
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static List<Call> calls() {
        List<Call> c = new ArrayList<>();
        String fact = "/facts/hostile-" + RUN;
        // reads that must answer
        c.add(new Call("all rules", "GET", "/rules", null, (String) null, 200));
        c.add(new Call("one rule", "GET", "/rules/conflicting-answers", null, (String) null, 200));
        c.add(new Call("all facts", "GET", "/facts", null, (String) null, 200));
        c.add(new Call("unknown query parameter ignored", "GET", "/rules?limit=abc", null, (String) null, 200));
        c.add(new Call("empty settings change nothing", "PUT", "/rules/ticket-maze", "application/json", "{}", 200));
        c.add(new Call("a fact", "PUT", fact, "application/json", "{\"answer\": \"30 days\"}", 200));
        c.add(new Call("a fact with a newline", "PUT", fact + "-nl", "application/json",
                "{\"answer\": \"30 days\\n2026-12-01 INFO forged line\"}", 200));
        c.add(new Call("a fact in every script", "PUT", fact + "-utf", "application/json",
                "{\"answer\": \"三十日 😀 ثلاثون\", \"registeredBy\": \"<b>x</b>\"}", 200));
        // odd identifiers in paths: unknown, never a 5xx
        List<String> odd = List.of("no-such", "%00", "%0A", "..%2F..", "%2e%2e", "%F0%9F%98%80", "%ff%fe",
                "%3Cscript%3E", "'%20OR%201=1", "a%20b", "x".repeat(1000), "%E2%80%AE", "%C0%AF", "CON", "-",
                "~", "%25", "a;b=c", "%5Cu0000", "null");
        for (String id : odd) {
            // "%2e%2e" is ".." once decoded: the path normalises to one no permission names, refused before routing
            int unknown = id.equals("%2e%2e") ? 403 : 404;
            c.add(new Call("rule " + shortName(id), "GET", "/rules/" + id, null, (String) null, unknown));
            c.add(new Call("fact " + shortName(id), "GET", "/facts/" + id, null, (String) null, unknown));
            c.add(new Call("customer " + shortName(id), "GET", "/customers/" + id + "/state", null, (String) null,
                    unknown));
        }
        // unknown paths and methods: refused before routing when no permission names them (deny by default)
        c.add(new Call("unknown path", "GET", "/nothing-here", null, (String) null, 403));
        c.add(new Call("post rules", "POST", "/rules", "application/json", "{}", 403));
        c.add(new Call("delete a rule", "DELETE", "/rules/ticket-maze", null, (String) null, 405));
        c.add(new Call("post a fact", "POST", fact, "application/json", "{}", 403));
        c.add(new Call("patch a fact", "PATCH", fact, "application/json", "{}", 403));
        c.add(new Call("delete an unknown fact", "DELETE", "/facts/never-" + RUN, null, (String) null, 404));
        c.add(new Call("put on customer state", "PUT", "/customers/x/state", "application/json", "{}", 403));
        // rule settings
        String rule = "/rules/ticket-maze";
        c.add(new Call("unknown rule", "PUT", "/rules/no-such", "application/json", "{}", 404));
        c.add(new Call("empty body", "PUT", rule, "application/json", "", 400));
        c.add(new Call("null body", "PUT", rule, "application/json", "null", 400));
        c.add(new Call("array body", "PUT", rule, "application/json", "[]", 400));
        c.add(new Call("string body", "PUT", rule, "application/json", "\"x\"", 400));
        c.add(new Call("number body", "PUT", rule, "application/json", "42", 400));
        c.add(new Call("broken JSON", "PUT", rule, "application/json", "{", 400));
        c.add(new Call("trailing bytes", "PUT", rule, "application/json", "{} x", 400));
        c.add(new Call("two objects", "PUT", rule, "application/json", "{}{}", 400));
        c.add(new Call("single quotes", "PUT", rule, "application/json", "{'threshold': 3}", 400));
        c.add(new Call("comment", "PUT", rule, "application/json", "{/* c */}", 400));
        c.add(new Call("unknown field", "PUT", rule, "application/json", "{\"thresold\": 3}", 400));
        c.add(new Call("threshold text", "PUT", rule, "application/json", "{\"threshold\": \"many\"}", 400));
        c.add(new Call("threshold 1", "PUT", rule, "application/json", "{\"threshold\": 1}", 400));
        c.add(new Call("threshold 0", "PUT", rule, "application/json", "{\"threshold\": 0}", 400));
        c.add(new Call("threshold negative", "PUT", rule, "application/json", "{\"threshold\": -3}", 400));
        c.add(new Call("threshold huge", "PUT", rule, "application/json", "{\"threshold\": 2147483647}", 400));
        c.add(new Call("threshold overflow", "PUT", rule, "application/json",
                "{\"threshold\": 99999999999999999999}", 400));
        c.add(new Call("threshold 5000 digits", "PUT", rule, "application/json",
                "{\"threshold\": " + "9".repeat(5000) + "}", 400));
        c.add(new Call("threshold object", "PUT", rule, "application/json", "{\"threshold\": {}}", 400));
        c.add(new Call("threshold array", "PUT", rule, "application/json", "{\"threshold\": [3]}", 400));
        c.add(new Call("maxWait text", "PUT", rule, "application/json", "{\"maxWait\": \"three days\"}", 400));
        c.add(new Call("maxWait negative", "PUT", rule, "application/json", "{\"maxWait\": \"-P1D\"}", 400));
        c.add(new Call("maxWait zero", "PUT", rule, "application/json", "{\"maxWait\": \"PT0S\"}", 400));
        c.add(new Call("maxWait a billion days", "PUT", rule, "application/json",
                "{\"maxWait\": \"P1000000000D\"}", 400));
        c.add(new Call("maxWait past the longest", "PUT", rule, "application/json", "{\"maxWait\": \"P3651D\"}", 400));
        c.add(new Call("window the rule does not read", "PUT", rule, "application/json", "{\"window\": \"P1D\"}", 400));
        c.add(new Call("severity unknown", "PUT", rule, "application/json", "{\"severity\": \"urgent\"}", 400));
        c.add(new Call("severity with newline", "PUT", rule, "application/json",
                "{\"severity\": \"warning\\nINFO forged\"}", 400));
        c.add(new Call("enabled yes", "PUT", rule, "application/json", "{\"enabled\": \"yes\"}", 400));
        c.add(new Call("nested 10,000 deep", "PUT", rule, "application/json", nested(10_000), 400));
        c.add(new Call("nested value", "PUT", rule, "application/json", "{\"threshold\": " + nested(2000) + "}", 400));
        c.add(new Call("text/plain", "PUT", rule, "text/plain", "{}", 415));
        c.add(new Call("xml", "PUT", rule, "application/xml", "<threshold>3</threshold>", 415));
        c.add(new Call("form", "PUT", rule, "application/x-www-form-urlencoded", "threshold=3", 415));
        c.add(new Call("100 KB of settings", "PUT", rule, "application/json",
                "{\"severity\": \"" + "x".repeat(100_000) + "\"}", 413));
        c.add(new Call("not UTF-8", "PUT", rule, "application/json; charset=UTF-8",
                new byte[]{'{', '"', 's', 'e', 'v', 'e', 'r', 'i', 't', 'y', '"', ':', '"', (byte) 0xff, '"', '}'}, 400));
        // facts
        c.add(new Call("bad question key", "PUT", "/facts/Bad%20Key", "application/json", "{\"answer\": \"x\"}", 400));
        c.add(new Call("question with NUL", "PUT", "/facts/a%00b", "application/json", "{\"answer\": \"x\"}", 400));
        c.add(new Call("question too long", "PUT", "/facts/" + "q".repeat(200), "application/json",
                "{\"answer\": \"x\"}", 400));
        c.add(new Call("question with newline", "PUT", "/facts/a%0Ab", "application/json", "{\"answer\": \"x\"}", 400));
        c.add(new Call("no answer", "PUT", fact, "application/json", "{}", 400));
        c.add(new Call("blank answer", "PUT", fact, "application/json", "{\"answer\": \"  \"}", 400));
        c.add(new Call("null answer", "PUT", fact, "application/json", "{\"answer\": null}", 400));
        c.add(new Call("answer array", "PUT", fact, "application/json", "{\"answer\": [\"x\"]}", 400));
        c.add(new Call("answer object", "PUT", fact, "application/json", "{\"answer\": {}}", 400));
        c.add(new Call("answer too long", "PUT", fact, "application/json",
                "{\"answer\": \"" + "y".repeat(2_001) + "\"}", 400));
        c.add(new Call("answer with NUL", "PUT", fact, "application/json", "{\"answer\": \"a\\u0000b\"}", 400));
        c.add(new Call("answer with a lone surrogate", "PUT", fact, "application/json",
                "{\"answer\": \"\\ud800x\"}", 400));
        c.add(new Call("answer with a lone low surrogate", "PUT", fact, "application/json",
                "{\"answer\": \"\\udc00\"}", 400));
        // who registers a fact comes from the token: a registeredBy in the body is ignored, whatever its length
        c.add(new Call("registeredBy too long, ignored", "PUT", fact, "application/json",
                "{\"answer\": \"x\", \"registeredBy\": \"" + "r".repeat(201) + "\"}", 200));
        c.add(new Call("value too large", "PUT", fact, "application/json",
                "{\"answer\": \"x\", \"value\": \"" + "v".repeat(5_000) + "\"}", 400));
        c.add(new Call("value nested deep", "PUT", fact, "application/json",
                "{\"answer\": \"x\", \"value\": " + nested(5_000) + "}", 400));
        c.add(new Call("unknown fact field", "PUT", fact, "application/json", "{\"answer\": \"x\", \"extra\": 1}", 400));
        c.add(new Call("trailing bytes after a fact", "PUT", fact, "application/json", "{\"answer\": \"x\"}]", 400));
        c.add(new Call("fact as text", "PUT", fact, "text/plain", "30 days", 415));
        c.add(new Call("2 MB fact", "PUT", fact, "application/json",
                "{\"answer\": \"" + "z".repeat(2 * 1024 * 1024) + "\"}", 413));
        c.add(new Call("65 KB fact", "PUT", fact, "application/json",
                "{\"answer\": \"" + "z".repeat(65 * 1024) + "\"}", 413));
        return c;
    }

    private static String shortName(String id) {
        return id.length() > 20 ? id.substring(0, 10) + "…(" + id.length() + ")" : id;
    }

    @Test
    void everyHostileRequestGetsItsExpectedAnswerAndNeverA5xx() {
        awaitRunning();
        List<Call> calls = calls();
        assertThat(calls).hasSizeGreaterThanOrEqualTo(100);
        List<String> wrong = new ArrayList<>();
        for (Call call : calls) {
            RequestSpecification request = given().urlEncodingEnabled(false);
            if (call.contentType() != null) {
                request = request.contentType(call.contentType());
            }
            if (call.body() != null) {
                request = call.contentType() != null && call.contentType().contains("json")
                        ? request.body(call.body()) : request.body(new String(call.body(), StandardCharsets.UTF_8));
            }
            Response response = request.request(call.method(), call.path());
            int status = response.statusCode();
            String type = response.contentType();
            if (status != call.status()) {
                wrong.add(call.name() + ": " + status + " (expected " + call.status() + ") " + abbreviate(response));
            } else if (status >= 400 && (type == null || !type.startsWith(PROBLEM)
                    || response.jsonPath().getInt("status") != status)) {
                wrong.add(call.name() + ": " + status + " without a problem document: " + type + " "
                        + abbreviate(response));
            }
        }
        assertThat(wrong).as("requests answered otherwise than expected").isEmpty();
        assertGoodStoryStillAlerts("rest");
    }

    @Test
    void aNewlineInAFactsAnswerNeverStartsALogLine() {
        awaitRunning();
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                lines.add(record instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage()
                        : record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try {
            given().contentType("application/json")
                    .body("{\"answer\": \"30 days\\n2026-12-01 10:00:00 INFO forged\\r\\u2028x\"}")
                    .put("/facts/forged-" + RUN).then().statusCode(200);
        } finally {
            root.removeHandler(capture);
        }
        assertThat(lines).filteredOn(l -> l.contains("forged-" + RUN)).singleElement().satisfies(l -> {
            assertThat(l).doesNotContain("\n", "\r", "\u2028");
            // escaped as contracts' JsonLimits.forLog escapes every control character: backslash, u, four hex digits
            assertThat(l).contains("30 days\\u000a2026-12-01 10:00:00 INFO forged\\u000d\\u2028x");
        });
    }

    private static String abbreviate(Response response) {
        String body = response.asString();
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    // ---------------------------------------------------------------- Kafka

    /** What becomes of a record. */
    enum Outcome {
        /** read and handed to the detectors */
        PROCESSED,
        /** a repeat of an event already evaluated */
        DUPLICATE,
        /** skipped and counted as invalid (the ingesting service dead-letters it) */
        INVALID,
        /** copied to cx.consistency.dlq with its reason */
        DEAD_LETTER,
        /** invalid or dead-lettered: either way set aside, never processed into state */
        SET_ASIDE,
        /** processed or found invalid (a limit of the contracts may refuse it), never dead-lettered */
        ACCEPTED
    }

    /** A record for a topic and what must become of it. */
    record Sent(String name, String topic, ProducerRecord<String, byte[]> record, Outcome expected) {
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Sent raw(String name, String topic, String key, byte[] value, Outcome expected) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key, value);
        if (value != null && (Topics.TOUCHES.equals(topic) || Topics.FEEDBACK.equals(topic))) {
            r.headers().add("content-type", utf8("application/cloudevents+json"));
        }
        return new Sent(name, topic, r, expected);
    }

    private static Sent event(String name, String topic, ObjectNode event, Outcome expected) {
        return new Sent(name, topic, CloudEventCodec.toKafka(topic, event), expected);
    }

    private static Sent touchWith(String name, Consumer<ObjectNode> change, Outcome expected) {
        ObjectNode e = answer("k-" + RUN + "-" + name.hashCode(), "support", T, "refund-window", "30 days");
        change.accept(e);
        return event(name, Topics.TOUCHES, e, expected);
    }

    private static ObjectNode data(ObjectNode e) {
        return (ObjectNode) e.get("data");
    }

    private static List<Sent> records() {
        String k = "k-" + RUN;
        String touches = Topics.TOUCHES;
        String feedback = Topics.FEEDBACK;
        List<Sent> s = new ArrayList<>();
        ObjectNode good = answer(k + "-good", "support", T, "refund-window", "30 days");
        // not a CloudEvent at all
        s.add(raw("not JSON", touches, k, utf8("{not json"), Outcome.INVALID));
        s.add(raw("empty value", touches, k, new byte[0], Outcome.SET_ASIDE));
        s.add(raw("tombstone", touches, k, null, Outcome.SET_ASIDE));
        s.add(raw("JSON null", touches, k, utf8("null"), Outcome.SET_ASIDE));
        s.add(raw("JSON array", touches, k, utf8("[]"), Outcome.SET_ASIDE));
        s.add(raw("JSON number", touches, k, utf8("42"), Outcome.SET_ASIDE));
        s.add(raw("JSON string", touches, k, utf8("\"touch\""), Outcome.SET_ASIDE));
        s.add(raw("empty object", touches, k, utf8("{}"), Outcome.INVALID));
        s.add(raw("not UTF-8", touches, k, new byte[]{(byte) 0xff, (byte) 0xfe, 0x7b, 0x7d}, Outcome.SET_ASIDE));
        s.add(raw("nested 10,000 deep", touches, k, utf8(nested(10_000)), Outcome.SET_ASIDE));
        s.add(raw("trailing garbage", touches, k, utf8(EventJson.string(answer(k + "-tg", "support", T, "q", "a"))
                + " garbage"), Outcome.ACCEPTED));
        // envelope
        s.add(touchWith("no id", e -> e.remove("id"), Outcome.INVALID));
        s.add(touchWith("no source", e -> e.remove("source"), Outcome.INVALID));
        s.add(touchWith("no type", e -> e.remove("type"), Outcome.INVALID));
        s.add(touchWith("unknown type", e -> e.put("type", "cx.touch.telepathy"), Outcome.INVALID));
        s.add(touchWith("feedback type on touches", e -> e.put("type", "cx.feedback.bug-report"), Outcome.INVALID));
        s.add(touchWith("specversion 0.3", e -> e.put("specversion", "0.3"), Outcome.INVALID));
        s.add(touchWith("time not a time", e -> e.put("time", "yesterday"), Outcome.INVALID));
        s.add(touchWith("time without offset", e -> e.put("time", "2026-01-01T10:00:00"), Outcome.INVALID));
        s.add(touchWith("time in year 999999999", e -> e.put("time", "+999999999-12-31T23:59:59Z"), Outcome.SET_ASIDE));
        s.add(touchWith("time a day ahead", e -> e.put("time", OffsetDateTime.now(ZoneOffset.UTC).plusDays(1).toString()),
                Outcome.INVALID));
        s.add(touchWith("time a number", e -> e.put("time", 1700000000), Outcome.INVALID));
        s.add(touchWith("id a number", e -> e.put("id", 42), Outcome.INVALID));
        s.add(touchWith("no data", e -> e.remove("data"), Outcome.INVALID));
        s.add(touchWith("data a string", e -> e.put("data", "answer"), Outcome.INVALID));
        s.add(touchWith("data an array", e -> e.putArray("data"), Outcome.INVALID));
        // data
        s.add(touchWith("no customer", e -> data(e).remove("customerId"), Outcome.INVALID));
        s.add(touchWith("customer a number", e -> data(e).put("customerId", 42), Outcome.INVALID));
        s.add(touchWith("customer empty", e -> data(e).put("customerId", ""), Outcome.INVALID));
        s.add(touchWith("no department", e -> data(e).remove("department"), Outcome.INVALID));
        s.add(touchWith("no question", e -> data(e).remove("question"), Outcome.INVALID));
        s.add(touchWith("answer an object", e -> data(e).putObject("answer"), Outcome.INVALID));
        s.add(touchWith("unknown channel", e -> data(e).put("channel", "pigeon"), Outcome.INVALID));
        s.add(touchWith("direction sideways", e -> data(e).put("direction", "sideways"), Outcome.INVALID));
        s.add(touchWith("5,000-digit number", e -> data(e).set("value",
                EventJson.MAPPER.getNodeFactory().numberNode(new java.math.BigInteger("7".repeat(5000)))),
                Outcome.SET_ASIDE));
        s.add(touchWith("value nested 5,000 deep", e -> {
            try {
                // built with a mapper of Jackson's defaults: the contracts' own refuses this depth to read it
                data(e).set("value", new com.fasterxml.jackson.databind.ObjectMapper().readTree(nested(900)));
            } catch (Exception x) {
                throw new IllegalStateException(x);
            }
        }, Outcome.ACCEPTED));
        s.add(touchWith("answer with NUL", e -> data(e).put("answer", "30\u0000days"), Outcome.ACCEPTED));
        s.add(touchWith("answer with a lone surrogate", e -> data(e).put("answer", "\ud800x"), Outcome.ACCEPTED));
        s.add(touchWith("answer with a newline", e -> data(e).put("answer", "30 days\nINFO forged"), Outcome.ACCEPTED));
        s.add(touchWith("answer of 300 KB", e -> data(e).put("answer", "w".repeat(300_000)), Outcome.SET_ASIDE));
        s.add(touchWith("customer of 10,000 characters", e -> data(e).put("customerId", "c".repeat(10_000)),
                Outcome.ACCEPTED));
        s.add(touchWith("question of 10,000 characters", e -> data(e).put("question", "q".repeat(10_000)),
                Outcome.ACCEPTED));
        s.add(touchWith("markup everywhere", e -> {
            data(e).put("answer", "<script>alert(1)</script>");
            data(e).put("department", "<b>support</b>");
        }, Outcome.ACCEPTED));
        s.add(touchWith("SQL in the customer", e -> data(e).put("customerId", k + "'; DROP TABLE alerts; --"),
                Outcome.PROCESSED));
        s.add(touchWith("emoji and right-to-left", e -> {
            data(e).put("customerId", k + "-😀\u202e");
            data(e).put("answer", "ثلاثون يوما");
        }, Outcome.PROCESSED));
        s.add(touchWith("unknown data field", e -> data(e).put("mood", "grumpy"), Outcome.ACCEPTED));
        String[] many = IntStream.range(0, 20_000).mapToObj(i -> "field-" + i).toArray(String[]::new);
        s.add(event("20,000 fields provided", touches, provided(k + "-many", "support", T, many), Outcome.ACCEPTED));
        s.add(event("20,000 fields requested", touches, requested(k + "-many", "billing", T.plusHours(1), many),
                Outcome.ACCEPTED));
        s.add(event("fields not strings", touches, touch("info-provided", k, "support", T,
                Map.of("fields", List.of(1, 2))), Outcome.INVALID));
        s.add(event("fields a string", touches, touch("info-requested", k, "support", T,
                Map.of("fields", "iban")), Outcome.INVALID));
        s.add(event("no fields", touches, touch("info-requested", k, "support", T, Map.of("fields", List.of())),
                Outcome.ACCEPTED));
        s.add(event("renewal date not a date", touches, touch("contract-updated", k, "account-management", T,
                Map.of("contractId", "k1", "renewsOn", "soon")), Outcome.INVALID));
        s.add(event("renewal in year 999999999", touches, touch("contract-updated", k, "account-management", T,
                Map.of("contractId", "k1", "renewsOn", "+999999999-12-31")), Outcome.SET_ASIDE));
        s.add(event("approval without id", touches, touch("approval-requested", k, "billing", T, Map.of()),
                Outcome.INVALID));
        s.add(event("transfer without departments", touches, touch("case-transferred", k, "support", T,
                Map.of("caseId", "c1")), Outcome.INVALID));
        s.add(event("a good touch", touches, good, Outcome.PROCESSED));
        s.add(event("the same touch again", touches, good, Outcome.DUPLICATE));
        ObjectNode changed = good.deepCopy();
        data(changed).put("answer", "14 days");
        s.add(event("same id, other content", touches, changed, Outcome.DUPLICATE));
        ObjectNode binary = answer(k + "-bin", "sales", T, "refund-window", "30 days");
        s.add(new Sent("binary mode", touches, CloudEventCodec.toKafkaBinary(touches, k + "-bin",
                CloudEventCodec.toCloudEvent(binary)), Outcome.PROCESSED));
        ProducerRecord<String, byte[]> noType = CloudEventCodec.toKafkaBinary(touches, k + "-bin",
                CloudEventCodec.toCloudEvent(answer(k + "-bin", "sales", T, "q", "a")));
        noType.headers().remove("ce_type");
        s.add(new Sent("binary mode without ce_type", touches, noType, Outcome.SET_ASIDE));
        ProducerRecord<String, byte[]> noKey = CloudEventCodec.toKafka(touches, answer(k + "-nokey", "web", T, "q", "a"));
        s.add(new Sent("no record key", touches, new ProducerRecord<>(touches, null, null, (String) null, noKey.value(), noKey.headers()),
                Outcome.PROCESSED));
        // feedback
        s.add(raw("feedback not JSON", feedback, k, utf8("{{"), Outcome.INVALID));
        s.add(raw("feedback tombstone", feedback, k, null, Outcome.SET_ASIDE));
        s.add(raw("feedback nested 10,000 deep", feedback, k, utf8(nested(10_000)), Outcome.SET_ASIDE));
        s.add(event("bug report without bug", feedback, feedback("cx.feedback.bug-report", k, "support", T, Map.of()),
                Outcome.INVALID));
        s.add(event("unknown feedback type", feedback, feedback("cx.feedback.rumour", k, "support", T, Map.of()),
                Outcome.INVALID));
        s.add(event("release fixes a string", feedback, feedback("cx.release.shipped", null, "product", T,
                Map.of("release", "r", "fixes", "BUG-1")), Outcome.INVALID));
        s.add(event("release fixing 20,000 bugs", feedback, release(T, "r-" + RUN, many), Outcome.ACCEPTED));
        s.add(event("a good bug report", feedback, bugReport(k, T, "BUG-" + RUN), Outcome.PROCESSED));
        s.add(event("bug key with newline", feedback, bugReport(k, T, "BUG\nINFO forged"), Outcome.ACCEPTED));
        // settings and facts topics: what cannot be read is dead-lettered
        for (String bad : List.of("{broken", "[]", "{\"threshold\": \"many\"}", "{\"window\": \"soon\"}", "\u0000",
                nested(3000), "{\"enabled\": {}}")) {
            s.add(raw("rules: " + shortName(bad), Topics.RULES, k + "-rule-" + s.size(), utf8(bad), Outcome.DEAD_LETTER));
        }
        for (String bad : List.of("{broken", "true", "{\"answer\": [1]}", "{\"registeredAt\": \"never\"}")) {
            s.add(raw("facts: " + shortName(bad), Topics.FACTS, k + "-fact-" + s.size(), utf8(bad), Outcome.DEAD_LETTER));
        }
        s.add(raw("facts: not UTF-8", Topics.FACTS, k + "-fact-bytes", new byte[]{(byte) 0xc3, 0x28}, Outcome.DEAD_LETTER));
        return s;
    }

    private double count(String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** processed, duplicate, invalid, dead-lettered: the counters a record moves. */
    private double[] counters(String topic) {
        boolean events = Topics.TOUCHES.equals(topic) || Topics.FEEDBACK.equals(topic);
        return new double[]{
                events ? count("unison.consistency.events", "topic", topic, "outcome", "processed") : 0,
                events ? count("unison.consistency.events", "topic", topic, "outcome", "duplicate") : 0,
                events ? count("unison.consistency.events", "topic", topic, "outcome", "invalid") : 0,
                count("unison.consistency.dead.lettered")};
    }

    private static Outcome outcome(double[] before, double[] after) {
        if (after[3] > before[3]) {
            return Outcome.DEAD_LETTER;
        }
        if (after[2] > before[2]) {
            return Outcome.INVALID;
        }
        if (after[1] > before[1]) {
            return Outcome.DUPLICATE;
        }
        return after[0] > before[0] ? Outcome.PROCESSED : null;
    }

    private static boolean matches(Outcome expected, Outcome actual) {
        return switch (expected) {
            case SET_ASIDE -> actual == Outcome.INVALID || actual == Outcome.DEAD_LETTER;
            case ACCEPTED -> actual == Outcome.PROCESSED || actual == Outcome.INVALID;
            default -> expected == actual;
        };
    }

    @Test
    void everyHostileRecordGetsItsExpectedFateAndTheStreamsKeepRunning() {
        awaitRunning();
        List<Sent> records = records();
        assertThat(records).hasSizeGreaterThanOrEqualTo(60);
        List<String> wrong = new ArrayList<>();
        int deadLettered = 0;
        for (Sent sent : records) {
            double[] before = counters(sent.topic());
            KafkaTestClient.send(sent.record());
            Outcome[] seen = new Outcome[1];
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                        .until(() -> (seen[0] = outcome(before, counters(sent.topic()))) != null);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                wrong.add(sent.name() + ": nothing happened (expected " + sent.expected() + ")");
                continue;
            }
            if (!matches(sent.expected(), seen[0])) {
                wrong.add(sent.name() + ": " + seen[0] + " (expected " + sent.expected() + ")");
            }
            if (seen[0] == Outcome.DEAD_LETTER) {
                deadLettered++;
            }
            assertThat(streams.state()).as("after " + sent.name()).isIn(KafkaStreams.State.RUNNING,
                    KafkaStreams.State.REBALANCING);
        }
        assertThat(wrong).as("records whose fate was not the expected one").isEmpty();
        // every dead letter is on the topic, with its reason
        String prefix = "k-" + RUN;
        assertThat(KafkaTestClient.await(StreamTopics.DEAD_LETTERS,
                r -> r.key() != null && KafkaTestClient.text(r.key()).startsWith(prefix)
                        && r.headers().lastHeader("unison.dlq.reason") != null, deadLettered, WAIT))
                .hasSizeGreaterThanOrEqualTo(deadLettered - 2);
        assertGoodStoryStillAlerts("kafka");
    }

    // ---------------------------------------------------------------- after

    private void awaitRunning() {
        await().atMost(WAIT).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    private void assertGoodStoryStillAlerts(String via) {
        String customer = "after-" + via + "-" + RUN;
        KafkaEvents.send(Topics.TOUCHES, answer(customer, "support", T, "refund-window-" + RUN, "30 days"),
                answer(customer, "billing", T.plusHours(1), "refund-window-" + RUN, "14 days"));
        List<Alert> alerts = KafkaEvents.alerts(Topics.ALERTS, Set.of(customer), 1, WAIT);
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.rule()).isEqualTo("conflicting-answers"));
        assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
        given().get("/q/health/ready").then().statusCode(200);
    }
}
