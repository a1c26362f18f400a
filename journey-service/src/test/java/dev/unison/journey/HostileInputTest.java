package dev.unison.journey;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.DeadLetters;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Topics;
import dev.unison.testsupport.KafkaTestClient;
import dev.unison.testsupport.UnisonTestResources;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.LogConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile input over REST and Kafka, one table row per case with its expected answer (status and the field the
 * problem names) or its expected dead-letter reason. After the suite the service is ready, every record sent to
 * cx.touches.v1 is either stored or dead-lettered, and the good records sent between the bad ones are stored.
 */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputTest {
    private static final OffsetDateTime T0 = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).withNano(0);
    private static final String CE = CloudEventCodec.STRUCTURED_CONTENT_TYPE;
    private static final String BATCH = CloudEventCodec.BATCH_CONTENT_TYPE;
    /** Events answered 202: (source, id) → they must be stored. */
    private static final Map<String, String> ACCEPTED = new ConcurrentHashMap<>();
    private static final String CHECK = "refused by a test constraint";

    @BeforeAll
    static void neverPrettyPrintAHostileBody() {
        // the assertions name the case and the answer; pretty-printing a body 10,000 levels deep fills the heap
        RestAssured.config = RestAssured.config().logConfig(LogConfig.logConfig().enablePrettyPrinting(false));
    }

    /** One hostile request: what is sent, and the status and the field (JSON Pointer) of the expected answer. */
    record Rest(String group, String name, String method, String path, String contentType, byte[] body,
                int status, String pointer) {
        @Override
        public String toString() {
            return group + ": " + name + " → " + status + (pointer == null ? "" : " " + pointer);
        }
    }

    static ObjectNode answer() {
        return TouchEvents.touch("answer-given", TouchEvents.customer(), "support", T0,
                Map.of("question", "refund-window", "answer", "30 days"));
    }

    static ObjectNode answer(Consumer<ObjectNode> change) {
        ObjectNode event = answer();
        change.accept(event);
        return event;
    }

    static ObjectNode data(ObjectNode event) {
        return (ObjectNode) event.get("data");
    }

    private static Rest post(String group, String name, ObjectNode event, int status, String pointer) {
        return new Rest(group, name, "POST", "/touches", CE, escaped(event), status, pointer);
    }

    private static Rest post(String group, String name, String contentType, byte[] body, int status, String pointer) {
        return new Rest(group, name, "POST", "/touches", contentType, body, status, pointer);
    }

    private static Rest get(String group, String name, String path, int status, String pointer) {
        return new Rest(group, name, "GET", path, null, null, status, pointer);
    }

    /** The event as JSON with every character beyond ASCII escaped, so that unpaired surrogates reach the service. */
    static byte[] escaped(ObjectNode event) {
        try {
            return EventJson.MAPPER.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsBytes(event);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The JSON text of the event with {@code "answer":"30 days"} replaced by the raw text given. */
    private static byte[] withAnswer(String rawJsonValue) {
        return utf8(answer().toString().replace("\"30 days\"", rawJsonValue));
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The event's JSON with raw bytes (given as ISO-8859-1 characters) in place of the answer's text. */
    private static byte[] rawAnswerBytes(String bytes) {
        return latin1(answer().toString().replace("30 days", "30" + bytes + " days"));
    }

    static List<Rest> restCases() {
        List<Rest> cases = new ArrayList<>();
        String customer = "cust-hostile-" + System.nanoTime();

        // encodings: NUL and unpaired surrogates in every string the event carries, refused naming the field
        List<String> bad = List.of("\u0000", "\uD800", "x\uDC00", "\uD800x", "a\u0000b", "\uDBFF\uDBFF");
        List<String> fields = List.of("/data/answer", "/data/customerId", "/data/question", "/data/department",
                "/id", "/source", "/data/caseId", "/data/agent/id", "/subject", "/data/note");
        for (String field : fields) {
            for (String b : bad) {
                ObjectNode event = answer();
                data(event).putObject("agent").put("id", "agent-1");
                String parent = field.substring(0, field.lastIndexOf('/'));
                String name = field.substring(field.lastIndexOf('/') + 1);
                ((ObjectNode) (parent.isEmpty() ? event : event.at(parent))).put(name, "ok" + b);
                cases.add(post("encodings", escape(b) + " in " + field, event, 400, field));
            }
        }
        cases.add(post("encodings", "NUL in a property name", answer(e -> data(e).put("no\u0000te", "x")), 400,
                "/data/no\u0000te"));
        cases.add(post("encodings", "a paired surrogate (emoji) is text", answer(e -> data(e).put("answer", "30 days \uD83D\uDE00")), 202, null));
        cases.add(post("encodings", "escaped Latin letters are text", CE, withAnswer("\"30 d\\u00e4ys\""), 202, null));
        cases.add(post("encodings", "right-to-left override is text", answer(e -> data(e).put("answer", "30 \u202Edays")), 202, null));
        cases.add(post("encodings", "raw byte 0xff", CE, rawAnswerBytes("\u00ff"), 400, ""));
        cases.add(post("encodings", "overlong NUL 0xc0 0x80", CE, rawAnswerBytes("\u00c0\u0080"), 400, "/data/answer"));
        cases.add(post("encodings", "encoded surrogate 0xed 0xa0 0x80", CE, rawAnswerBytes("\u00ed\u00a0\u0080"), 400, null));
        cases.add(post("encodings", "cut sequence 0xe2 0x82", CE, rawAnswerBytes("\u00e2\u0082"), 400, ""));
        cases.add(post("encodings", "a raw control character in a string", CE, rawAnswerBytes("\u0001"), 400, ""));

        // sizes: one over every bound of the schemas, and exactly at some of them
        cases.add(post("sizes", "id of 201", answer(e -> e.put("id", "i".repeat(201))), 400, "/id"));
        cases.add(post("sizes", "id of 200", answer(e -> e.put("id", "i".repeat(199) + System.nanoTime() % 10)), 202, null));
        cases.add(post("sizes", "source of 501", answer(e -> e.put("source", "s".repeat(501))), 400, "/source"));
        cases.add(post("sizes", "customerId of 201", answer(e -> data(e).put("customerId", "c".repeat(201))), 400, "/data/customerId"));
        cases.add(post("sizes", "answer of 2001", answer(e -> data(e).put("answer", "a".repeat(2001))), 400, "/data/answer"));
        cases.add(post("sizes", "answer of 2000 four-byte characters", answer(e -> data(e).put("answer", "\uD83D\uDE00".repeat(2000))), 202, null));
        cases.add(post("sizes", "caseId of 201", answer(e -> data(e).put("caseId", "k".repeat(201))), 400, "/data/caseId"));
        cases.add(post("sizes", "agent id of 201", answer(e -> data(e).putObject("agent").put("id", "g".repeat(201))), 400, "/data/agent/id"));
        cases.add(post("sizes", "subject of 501", answer(e -> e.put("subject", "s".repeat(501))), 400, "/subject"));
        cases.add(post("sizes", "extension attribute of 501", answer(e -> e.put("tenant", "t".repeat(501))), 400, "/tenant"));
        cases.add(post("sizes", "unknown data field of 4001", answer(e -> data(e).put("note", "n".repeat(4001))), 400, "/data/note"));
        cases.add(post("sizes", "value text of 4001", answer(e -> data(e).put("value", "v".repeat(4001))), 400, "/data/value"));
        cases.add(post("sizes", "a string over the parser's limit", answer(e -> data(e).put("note", "n".repeat(70_000))), 400, ""));
        cases.add(post("sizes", "a property name over the parser's limit", answer(e -> data(e).put("n".repeat(300), 1)), 400, ""));
        cases.add(post("sizes", "a property name over the schema's limit", answer(e -> e.put("n".repeat(65), 1)), 400, null));
        cases.add(post("sizes", "101 fields provided", infoProvided(101), 400, "/data/fields"));
        cases.add(post("sizes", "100 fields provided", infoProvided(100), 202, null));
        cases.add(post("sizes", "20,000 fields provided", infoProvided(20_000), 400, "/data/fields"));
        cases.add(post("sizes", "65 data properties", answer(e -> {
            for (int i = 0; i < 60; i++) {
                data(e).put("p" + i, i);
            }
        }), 400, "/data"));
        cases.add(post("sizes", "33 envelope attributes", answer(e -> {
            for (int i = 0; i < 27; i++) {
                e.put("ext" + i, i);
            }
        }), 400, ""));
        cases.add(post("sizes", "value object of 201 properties", answer(e -> {
            ObjectNode value = data(e).putObject("value");
            for (int i = 0; i < 201; i++) {
                value.put("k" + i, i);
            }
        }), 400, "/data/value"));
        cases.add(post("sizes", "an event over 512 KiB", answer(e -> {
            ArrayNode big = data(e).putArray("note");
            for (int i = 0; i < 150; i++) {
                big.add("b".repeat(3_999));
            }
        }), 413, null));
        cases.add(post("sizes", "a body over 1 MiB", CE, new byte[1_100_000], 413, null));
        cases.add(post("sizes", "an empty body", CE, new byte[0], 400, ""));
        cases.add(post("sizes", "an empty batch", BATCH, utf8("[]"), 400, ""));
        cases.add(post("sizes", "1,000 bad events in a batch", BATCH, utf8(badBatch(1_000)), 400, "/0/source"));

        // depths
        cases.add(post("depths", "value nested 20 deep", answer(e -> data(e).set("value", nested(20))), 202, null));
        cases.add(post("depths", "value nested 40 deep", answer(e -> data(e).set("value", nested(40))), 400, ""));
        cases.add(post("depths", "answer nested 10,000 deep", CE, withAnswer("[".repeat(10_000) + "]".repeat(10_000)), 400, ""));
        cases.add(post("depths", "unknown field nested 100 deep", answer(e -> data(e).set("note", nested(100))), 400, ""));
        cases.add(post("depths", "a batch nested 33 deep", BATCH, utf8("[".repeat(33) + "]".repeat(33)), 400, ""));
        cases.add(post("depths", "an object as extension attribute", answer(e -> e.putObject("tenant").put("a", 1)), 400, "/tenant"));
        cases.add(post("depths", "data as an array", answer(e -> e.putArray("data").add(1)), 400, "/data"));

        // ranges
        cases.add(post("ranges", "value 1e15", answer(e -> data(e).put("value", 1e15)), 202, null));
        cases.add(post("ranges", "value 1e16", answer(e -> data(e).put("value", 1e16)), 400, "/data/value"));
        cases.add(post("ranges", "value -1e16", answer(e -> data(e).put("value", -1e16)), 400, "/data/value"));
        cases.add(post("ranges", "value 1e400", CE, utf8(answer().toString().replace("\"question\"", "\"value\":1e400,\"question\"")), 400, "/data/value"));
        cases.add(post("ranges", "value 1e-400", CE, utf8(answer().toString().replace("\"question\"", "\"value\":1e-400,\"question\"")), 202, null));
        cases.add(post("ranges", "a number of 5,000 digits", CE, withAnswer("1".repeat(5_000)), 400, ""));
        cases.add(post("ranges", "a number of 64 digits", CE, utf8(answer().toString().replace("\"question\"", "\"value\":" + "9".repeat(64) + ",\"question\"")), 400, "/data/value"));
        cases.add(post("ranges", "NaN", CE, utf8(answer().toString().replace("\"question\"", "\"value\":NaN,\"question\"")), 400, ""));
        cases.add(post("ranges", "time in year 999999999", answer(e -> e.put("time", "+999999999-01-01T00:00:00Z")), 400, "/time"));
        cases.add(post("ranges", "time in year 9999", answer(e -> e.put("time", "9999-12-31T23:59:59Z")), 400, "/time"));
        cases.add(post("ranges", "time on 30 February", answer(e -> e.put("time", "2026-02-30T10:00:00Z")), 400, "/time"));
        cases.add(post("ranges", "time with offset +25:00", answer(e -> e.put("time", "2026-01-01T10:00:00+25:00")), 400, "/time"));
        cases.add(post("ranges", "time as a number", answer(e -> e.put("time", 1764065700)), 400, "/time"));
        cases.add(post("ranges", "time in year 1", answer(e -> e.put("time", "0001-01-01T00:00:00Z")), 202, null));
        cases.add(post("ranges", "renewal in year 0", contract("0000-01-01"), 400, "/data/renewsOn"));
        cases.add(post("ranges", "renewal in year 99999", contract("99999-01-01"), 400, "/data/renewsOn"));
        cases.add(post("ranges", "renewal in year 9999", contract("9999-12-31"), 202, null));
        for (String path : List.of("/customers/" + customer + "/journey", "/analytics/touches", "/analytics/handoffs")) {
            cases.add(get("ranges", "from in year 999999999 on " + path, path + "?from=%2B999999999-01-01T00:00:00Z", 400, "/query/from"));
            cases.add(get("ranges", "to in year -999999999 on " + path, path + "?to=-999999999-01-01T00:00:00Z", 400, "/query/to"));
            cases.add(get("ranges", "from on month 13 on " + path, path + "?from=2026-13-01", 400, "/query/from"));
            cases.add(get("ranges", "from after to on " + path, path + "?from=2026-02-01&to=2026-01-01", 400, "/query/from"));
        }
        for (String limit : List.of("abc", "0", "501", "-5", "99999999999", "1e3", "%00", "1.5")) {
            cases.add(get("ranges", "limit=" + limit, "/customers/" + customer + "/journey?limit=" + limit, 400, "/query/limit"));
        }
        cases.add(get("ranges", "limit=500 of an unknown customer", "/customers/" + customer + "/journey?limit=500", 404, null));
        for (String cursor : List.of("garbage!", b64("x\ny\nz"), b64("+999999999-01-01T00:00Z\na\nb"),
                b64("2026-01-01T00:00:00Z\na\u0000\nb"), "%00")) {
            cases.add(get("ranges", "cursor " + cursor, "/customers/" + customer + "/journey?cursor=" + cursor, 400, "/query/cursor"));
        }
        cases.add(get("ranges", "order=sideways", "/customers/" + customer + "/journey?order=sideways", 400, "/query/order"));
        cases.add(get("ranges", "groupBy=nonsense", "/analytics/touches?groupBy=nonsense", 400, "/query/groupBy"));

        // injections: text that means something elsewhere is data here
        cases.add(get("injections", "%00 in a customer id", "/customers/a%00b/journey", 400, "/path/customerId"));
        cases.add(get("injections", "%00 in a customer id (summary)", "/customers/a%00b/summary", 400, "/path/customerId"));
        cases.add(get("injections", "a lone surrogate in a customer id", "/customers/a%ED%A0%80b/journey", 404, null));
        cases.add(get("injections", "SQL in a customer id", "/customers/x'%20OR%20'1'%3D'1/journey", 404, null));
        cases.add(get("injections", "a newline in a customer id", "/customers/x%0AERROR%20forged/summary", 404, null));
        cases.add(get("injections", "a path walk in a customer id", "/customers/..%2F..%2Fetc%2Fpasswd/journey", 404, null));
        cases.add(get("injections", "a customer id of 600", "/customers/" + "c".repeat(600) + "/journey", 400, "/path/customerId"));
        cases.add(get("injections", "%00 in department", "/customers/" + customer + "/journey?department=%00", 400, "/query/department"));
        cases.add(get("injections", "%00 in kind", "/customers/" + customer + "/journey?kind=a%00", 400, "/query/kind"));
        cases.add(get("injections", "SQL in department", "/customers/" + customer + "/journey?department=x'--", 404, null));
        cases.add(get("injections", "SQL in groupBy", "/analytics/touches?groupBy=department,DROP%20TABLE%20touches", 400, "/query/groupBy"));
        cases.add(post("injections", "markup in an answer", answer(e -> data(e).put("answer", "<script>alert(1)</script>")), 202, null));
        cases.add(post("injections", "SQL in an answer", answer(e -> data(e).put("answer", "'); DROP TABLE touches;--")), 202, null));
        cases.add(post("injections", "a forged log line in an answer", answer(e -> data(e).put("answer", "x\n2026-11-30 ERROR [forged] all down")), 202, null));
        cases.add(post("injections", "terminal escapes in a customer id", answer(e -> data(e).put("customerId", "c-\u001b[31mred")), 202, null));
        cases.add(post("injections", "__proto__ as a data field", answer(e -> data(e).putObject("__proto__").put("admin", true)), 202, null));
        cases.add(post("injections", "a path walk as source", answer(e -> e.put("source", "../../etc/passwd")), 202, null));
        cases.add(post("injections", "an unknown type with NUL", answer(e -> e.put("type", "cx.touch.answer-given\u0000")), 400, "/type"));
        cases.add(post("injections", "a type of 10,000 characters", answer(e -> e.put("type", "cx.touch." + "a".repeat(10_000))), 400, "/type"));

        // content types and strict JSON
        cases.add(post("content", "no content-type", null, utf8(answer().toString()), 415, "/header/content-type"));
        cases.add(post("content", "text/plain", "text/plain", utf8(answer().toString()), 415, null));
        cases.add(post("content", "application/xml", "application/xml", utf8(answer().toString()), 415, null));
        cases.add(post("content", "with a charset", CE + "; charset=utf-8", utf8(answer().toString()), 202, null));
        cases.add(post("content", "application/json", "application/json", utf8(answer().toString()), 202, null));
        cases.add(post("content", "a single event as a batch", BATCH, utf8(answer().toString()), 400, ""));
        cases.add(post("content", "a batch as a single event", CE, utf8("[" + answer() + "]"), 400, ""));
        cases.add(post("content", "trailing object", CE, utf8(answer() + "{}"), 400, ""));
        cases.add(post("content", "trailing garbage", CE, utf8(answer() + "x"), 400, ""));
        cases.add(post("content", "trailing whitespace is fine", CE, utf8(answer() + " \n"), 202, null));
        cases.add(post("content", "a repeated id", CE, utf8(answer().toString().replace("{\"specversion\"", "{\"id\":\"other\",\"specversion\"")), 400, ""));
        cases.add(post("content", "a repeated answer", CE, withAnswer("\"30 days\",\"answer\":\"60 days\""), 400, ""));
        cases.add(post("content", "a comment", CE, utf8(answer().toString().replace("{\"specversion\"", "{/* c */\"specversion\"")), 400, ""));
        cases.add(post("content", "single quotes", CE, withAnswer("'30 days'"), 400, ""));
        cases.add(post("content", "a leading zero", CE, utf8(answer().toString().replace("\"question\"", "\"value\":0123,\"question\"")), 400, ""));
        cases.add(post("content", "an unquoted name", CE, utf8(answer().toString().replace("\"question\"", "question")), 400, ""));
        cases.add(post("content", "JSON null", CE, utf8("null"), 400, ""));
        cases.add(post("content", "a JSON string", CE, utf8("\"event\""), 400, ""));
        cases.add(new Rest("content", "PUT /touches", "PUT", "/touches", CE, utf8(answer().toString()), 405, null));
        cases.add(new Rest("content", "DELETE /touches", "DELETE", "/touches", null, null, 405, null));

        // duplicates with different content: the first of a (source, id) is stored, the others are repeats
        ObjectNode first = answer();
        ObjectNode second = first.deepCopy();
        data(second).put("answer", "60 days");
        cases.add(post("duplicates", "an event", first, 202, null));
        cases.add(post("duplicates", "the same id and source, another answer", second, 202, null));
        ObjectNode twin = answer();
        ObjectNode twinChanged = twin.deepCopy();
        data(twinChanged).put("department", "billing");
        cases.add(post("duplicates", "the same event twice in a batch, with different content", BATCH,
                utf8("[" + twin + "," + twinChanged + "]"), 202, null));
        ObjectNode otherSource = first.deepCopy();
        otherSource.put("source", "/crm/other");
        cases.add(post("duplicates", "the same id from another source", otherSource, 202, null));
        return cases;
    }

    private static String escape(String s) {
        return s.chars().mapToObj(c -> c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c))
                .collect(Collectors.joining());
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(s));
    }

    private static ObjectNode nested(int depth) {
        ObjectNode value = EventJson.MAPPER.createObjectNode().put("leaf", 1);
        for (int i = 1; i < depth; i++) {
            value = EventJson.MAPPER.createObjectNode().set("n", value);
        }
        return value;
    }

    static ObjectNode infoProvided(int fields) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < fields; i++) {
            names.add("field-" + i);
        }
        return TouchEvents.touch("info-provided", TouchEvents.customer(), "support", T0, Map.of("fields", names));
    }

    private static ObjectNode contract(String renewsOn) {
        return TouchEvents.touch("contract-updated", TouchEvents.customer(), "sales", T0,
                Map.of("contractId", "K-1", "renewsOn", renewsOn));
    }

    private static String badBatch(int n) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ObjectNode e = answer();
            e.remove("source");
            events.add(e.toString());
        }
        return "[" + String.join(",", events) + "]";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("restCases")
    @Order(1)
    void hostileRequestIsAnsweredWithItsStatusAndProblemNeverA5xx(Rest c) {
        RequestSpecification request = given().urlEncodingEnabled(false);
        if (c.contentType() != null) {
            request = request.contentType(c.contentType());
        } else if (c.body() != null) {
            // REST-assured always sends a content-type with a body: this one goes without
            request = request.filter((req, res, ctx) -> {
                req.removeHeader("Content-Type");
                return ctx.next(req, res);
            });
        }
        if (c.body() != null) {
            request = request.body(c.body());
        }
        Response response = request.when().request(c.method(), c.path());
        assertThat(response.statusCode()).as(c + ": " + response.asString()).isEqualTo(c.status());
        if (c.status() >= 400) {
            assertThat(response.contentType()).as(c.toString()).startsWith("application/problem+json");
            assertThat(response.jsonPath().getInt("status")).isEqualTo(c.status());
            if (c.pointer() != null) {
                List<String> pointers = response.jsonPath().getList("errors.pointer");
                assertThat(pointers).as(c + ": " + response.asString()).contains(c.pointer());
            }
            List<Object> errors = response.jsonPath().getList("errors");
            assertThat(errors == null ? 0 : errors.size()).isLessThanOrEqualTo(100);
        }
        if (c.status() == 202 && c.method().equals("POST")) {
            var parsed = CloudEventCodec.parse(c.body());
            (parsed.isArray() ? List.copyOf(toList(parsed)) : List.of(parsed)).forEach(e ->
                    ACCEPTED.put(e.get("source").asText() + "\n" + e.get("id").asText(), c.toString()));
        }
    }

    private static List<com.fasterxml.jackson.databind.JsonNode> toList(com.fasterxml.jackson.databind.JsonNode array) {
        List<com.fasterxml.jackson.databind.JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    @Test
    @Order(2)
    void aBatchOfAThousandBadEventsListsTheFirstHundredProblemsAndCountsThemAll() {
        Response response = given().contentType(BATCH).body(badBatch(1_000)).when().post("/touches");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.jsonPath().getList("errors")).hasSize(100);
        assertThat(response.jsonPath().getInt("errorCount")).isEqualTo(1_000);
        assertThat(response.asByteArray().length).isLessThan(30_000);
    }

    /** One hostile record over Kafka and the reason its dead-letter copy must give; a null reason means stored. */
    record Kafka(String name, ProducerRecord<String, byte[]> record, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Kafka> kafkaCases(String customer) {
        List<Kafka> cases = new ArrayList<>();
        cases.add(structured("a touch nested 10,000 deep", withAnswerFor(customer, "[".repeat(10_000) + "]".repeat(10_000)), "over a limit"));
        cases.add(structured("a number of 5,000 digits", withAnswerFor(customer, "1".repeat(5_000)), "over a limit"));
        cases.add(structured("a lone surrogate in an answer", withAnswerFor(customer, "\"\\ud800x\""), "unpaired surrogate"));
        cases.add(structured("NUL in an answer", withAnswerFor(customer, "\"a\\u0000b\""), "U+0000"));
        cases.add(structured("raw byte 0xff", latin1(new String(withAnswerFor(customer, "\"30#days\""), StandardCharsets.ISO_8859_1).replace("#", "\u00ff")), "malformed JSON"));
        cases.add(structured("trailing bytes", (new String(withAnswerFor(customer, "\"x\""), StandardCharsets.UTF_8) + "{}").getBytes(StandardCharsets.UTF_8), "malformed JSON"));
        cases.add(structured("a repeated name", withAnswerFor(customer, "\"x\",\"answer\":\"y\""), "Duplicate field"));
        cases.add(structured("an empty value", new byte[0], "empty body"));
        cases.add(new Kafka("a null value", new ProducerRecord<>(Topics.TOUCHES, "hostile", null), "empty body"));
        cases.add(structured("an answer of 2001", withAnswerFor(customer, "\"" + "a".repeat(2001) + "\""), "/data/answer"));
        ObjectNode many = infoProvided(20_000);
        data(many).put("customerId", customer);
        cases.add(structured("20,000 fields provided", utf8(many.toString()), "/data/fields"));
        cases.add(structured("a value of 1e400", utf8(new String(withAnswerFor(customer, "\"x\""), StandardCharsets.UTF_8).replace("\"question\"", "\"value\":1e400,\"question\"")), "/data/value"));
        cases.add(structured("time in year 999999999", utf8(forCustomer(customer).put("time", "+999999999-01-01T00:00:00Z").toString()), "/time"));
        ProducerRecord<String, byte[]> wrongType = new ProducerRecord<>(Topics.TOUCHES, "hostile", utf8(forCustomer(customer).toString()));
        wrongType.headers().add("content-type", utf8("text/plain"));
        cases.add(new Kafka("content-type text/plain", wrongType, "unsupported content-type"));
        cases.add(new Kafka("binary mode, data nested 10,000 deep", binary("x", utf8("{\"customerId\":\"" + customer + "\",\"v\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}")), "over a limit"));
        cases.add(new Kafka("binary mode, NUL in ce_subject", binary("a\u0000b", utf8(data(forCustomer(customer)).toString())), "U+0000"));
        cases.add(new Kafka("binary mode, data not JSON", binary("x", utf8("not json")), "not JSON"));
        // schema-valid, refused by PostgreSQL: a primary key row over the btree limit (2704 bytes)
        ObjectNode wide = forCustomer(customer);
        wide.put("source", incompressible(500, 1));
        wide.put("id", incompressible(200, 2));
        cases.add(structured("a key PostgreSQL cannot index", utf8(wide.toString()), "sqlstate-54000"));
        // schema-valid, refused by a constraint the test adds to the table
        ObjectNode checked = forCustomer(customer);
        data(checked).put("answer", CHECK);
        cases.add(structured("an answer a table constraint refuses", utf8(checked.toString()), "sqlstate-23514"));
        // repeats with other content are stored once, never dead-lettered
        ObjectNode original = forCustomer(customer);
        ObjectNode changed = original.deepCopy();
        data(changed).put("answer", "another answer");
        cases.add(structured("an event", utf8(original.toString()), null));
        cases.add(structured("the same event with another answer", utf8(changed.toString()), null));
        return cases;
    }

    static ObjectNode forCustomer(String customer) {
        ObjectNode event = answer();
        data(event).put("customerId", customer);
        return event;
    }

    private static byte[] withAnswerFor(String customer, String rawJsonValue) {
        return utf8(forCustomer(customer).toString().replace("\"30 days\"", rawJsonValue));
    }

    private static Kafka structured(String name, byte[] value, String reason) {
        return new Kafka(name, structuredRecord(value), reason);
    }

    private static ProducerRecord<String, byte[]> structuredRecord(byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.TOUCHES, "hostile", value);
        record.headers().add("content-type", utf8(CE));
        return record;
    }

    private static ProducerRecord<String, byte[]> binary(String subject, byte[] data) {
        var event = CloudEventBuilder.v1().withId("bin-" + System.nanoTime()).withSource(URI.create("/crm/x"))
                .withType("cx.touch.answer-given").withTime(T0).withSubject(subject)
                .withData("application/json", data).build();
        return CloudEventCodec.toKafkaBinary(Topics.TOUCHES, "hostile", event);
    }

    /** Text of random supplementary code points: four UTF-8 bytes each, and nothing for PostgreSQL to compress. */
    private static String incompressible(int codePoints, long seed) {
        java.util.Random random = new java.util.Random(seed);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            out.appendCodePoint(0x10000 + random.nextInt(0x100000));
        }
        return out.toString();
    }

    @Test
    @Order(3)
    void hostileRecordsOverKafkaAreDeadLetteredWithTheirReasonAndTheGoodOnesBetweenAreStored() throws Exception {
        String customer = TouchEvents.customer();
        List<Kafka> cases = kafkaCases(customer);
        assertThat(cases.size() + restCases().size()).isGreaterThanOrEqualTo(150);
        Map<Long, Kafka> bad = new LinkedHashMap<>();
        Map<String, String> good = new LinkedHashMap<>();
        List<Kafka> stored = new ArrayList<>();
        int sent = 0;
        try (Connection c = UnisonTestResources.database().connect(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE touches ADD CONSTRAINT hostile_test_refuses CHECK (data->>'answer' IS DISTINCT FROM '"
                    + CHECK + "')");
            try (KafkaProducer<String, byte[]> producer = KafkaTestClient.producer()) {
                // every record on one partition, in one batch: a good touch before and after each hostile one
                for (Kafka k : cases) {
                    ObjectNode before = forCustomer(customer);
                    producer.send(structuredRecord(utf8(before.toString())));
                    good.put(before.get("source").asText() + "\n" + before.get("id").asText(), "before " + k);
                    RecordMetadata at = producer.send(k.record()).get();
                    sent += 2;
                    if (k.reason() == null) {
                        stored.add(k);
                    } else {
                        bad.put(at.offset(), k);
                    }
                }
                ObjectNode last = forCustomer(customer);
                producer.send(structuredRecord(utf8(last.toString()))).get();
                good.put(last.get("source").asText() + "\n" + last.get("id").asText(), "last");
                sent++;
            }
            List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestClient.await(Topics.TOUCHES_DLQ,
                    r -> bad.containsKey(Long.parseLong(DeadLetters.header(r.headers(), DeadLetters.SOURCE_OFFSET)))
                            && "hostile".equals(KafkaTestClient.text(r.key())),
                    bad.size(), Duration.ofSeconds(90));
            Map<Long, String> reasons = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : dead) {
                reasons.put(Long.parseLong(DeadLetters.header(r.headers(), DeadLetters.SOURCE_OFFSET)),
                        DeadLetters.header(r.headers(), DeadLetters.REASON) + " "
                                + DeadLetters.header(r.headers(), DeadLetters.VIOLATIONS));
            }
            bad.forEach((offset, k) -> assertThat(reasons.get(offset)).as(k.name()).isNotNull().contains(k.reason()));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(storedKeys(good.keySet())).as("good records between the hostile ones")
                            .containsExactlyInAnyOrderElementsOf(good.keySet()));
            // records in = stored + dead-lettered: every good one and both repeats stored (once), every bad one set aside
            int storedRows = storedKeys(good.keySet()).size() + stored.size();
            assertThat(storedRows + dead.size()).isEqualTo(sent);
            assertThat(customerRows(customer)).isEqualTo(good.size() + 1);
        } finally {
            try (Connection c = UnisonTestResources.database().connect(); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE touches DROP CONSTRAINT IF EXISTS hostile_test_refuses");
            }
        }
    }

    @Test
    @Order(4)
    void afterTheSuiteTheServiceIsReadyAndEveryAcceptedEventIsStored() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(storedKeys(ACCEPTED.keySet())).containsExactlyInAnyOrderElementsOf(ACCEPTED.keySet()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("unison_consumer_lag{").contains("unison_consumer_batches_retried_total{")
                .contains("unison_consumer_dead_lettered_total{reason=\"sqlstate-54000\"")
                .contains("unison_consumer_dead_lettered_total{reason=\"over-limit\"")
                .contains("unison_consumer_dead_lettered_total{reason=\"invalid-text\"");
    }

    static Set<String> storedKeys(Set<String> keys) throws Exception {
        Set<String> found = new java.util.HashSet<>();
        try (Connection c = UnisonTestResources.database().connect();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM touches WHERE source = ? AND id = ?")) {
            for (String key : keys) {
                String[] parts = key.split("\n", 2);
                ps.setString(1, parts[0]);
                ps.setString(2, parts[1]);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        found.add(key);
                    }
                }
            }
        }
        return found;
    }

    static int customerRows(String customer) throws Exception {
        try (Connection c = UnisonTestResources.database().connect();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM touches WHERE customer_id = ?")) {
            ps.setString(1, customer);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
