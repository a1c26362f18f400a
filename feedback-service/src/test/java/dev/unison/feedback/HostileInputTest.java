package dev.unison.feedback;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
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

import java.io.IOException;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * cx.feedback.v1 is either stored or dead-lettered, and the good records sent between the bad ones are stored.
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

    static ObjectNode survey() {
        ObjectNode event = FeedbackEvents.survey(FeedbackEvents.customer(), "support", "phone", "csat", 4, T0);
        data(event).put("comment", "fine");
        return event;
    }

    static ObjectNode survey(Consumer<ObjectNode> change) {
        ObjectNode event = survey();
        change.accept(event);
        return event;
    }

    static ObjectNode data(ObjectNode event) {
        return (ObjectNode) event.get("data");
    }

    /** The event as JSON with every character beyond ASCII escaped, so that unpaired surrogates reach the service. */
    static byte[] escaped(ObjectNode event) {
        try {
            return EventJson.MAPPER.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Rest post(String group, String name, ObjectNode event, int status, String pointer) {
        return new Rest(group, name, "POST", "/feedback", CE, escaped(event), status, pointer);
    }

    private static Rest post(String group, String name, String contentType, byte[] body, int status, String pointer) {
        return new Rest(group, name, "POST", "/feedback", contentType, body, status, pointer);
    }

    private static Rest get(String group, String name, String path, int status, String pointer) {
        return new Rest(group, name, "GET", path, null, null, status, pointer);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The JSON text of a survey with {@code "comment":"fine"} replaced by the raw text given. */
    private static byte[] withComment(String rawJsonValue) {
        return utf8(survey().toString().replace("\"fine\"", rawJsonValue));
    }

    private static byte[] rawCommentBytes(String bytes) {
        return survey().toString().replace("fine", "fi" + bytes + "ne").getBytes(StandardCharsets.ISO_8859_1);
    }

    static List<Rest> restCases() {
        List<Rest> cases = new ArrayList<>();

        // encodings: NUL and unpaired surrogates in every string the event carries, refused naming the field
        List<String> bad = List.of("\u0000", "\uD800", "x\uDC00", "\uD800x", "a\u0000b", "\uDBFF\uDBFF");
        List<String> fields = List.of("/data/comment", "/data/customerId", "/data/department", "/id", "/source",
                "/data/caseId", "/data/agent/id", "/subject", "/data/note");
        for (String field : fields) {
            for (String b : bad) {
                ObjectNode event = survey();
                data(event).putObject("agent").put("id", "agent-1");
                String parent = field.substring(0, field.lastIndexOf('/'));
                String name = field.substring(field.lastIndexOf('/') + 1);
                ((ObjectNode) (parent.isEmpty() ? event : event.at(parent))).put(name, "ok" + b);
                cases.add(post("encodings", escape(b) + " in " + field, event, 400, field));
            }
        }
        cases.add(post("encodings", "NUL in a bug key", FeedbackEvents.bugReport(FeedbackEvents.customer(), "support", "BUG\u0000", null, T0), 400, "/data/bugKey"));
        cases.add(post("encodings", "a lone surrogate in a fix", FeedbackEvents.released("9.9", List.of("BUG-\uD800"), T0), 400, "/data/fixes/0"));
        cases.add(post("encodings", "NUL in a property name", survey(e -> data(e).put("no\u0000te", "x")), 400, "/data/no\u0000te"));
        cases.add(post("encodings", "a paired surrogate (emoji) is text", survey(e -> data(e).put("comment", "great \uD83D\uDE00")), 202, null));
        cases.add(post("encodings", "raw byte 0xff", CE, rawCommentBytes("\u00ff"), 400, ""));
        cases.add(post("encodings", "overlong NUL 0xc0 0x80", CE, rawCommentBytes("\u00c0\u0080"), 400, "/data/comment"));
        cases.add(post("encodings", "encoded surrogate 0xed 0xa0 0x80", CE, rawCommentBytes("\u00ed\u00a0\u0080"), 400, null));
        cases.add(post("encodings", "cut sequence 0xe2 0x82", CE, rawCommentBytes("\u00e2\u0082"), 400, ""));
        cases.add(post("encodings", "a raw control character in a string", CE, rawCommentBytes("\u0001"), 400, ""));

        // sizes
        cases.add(post("sizes", "id of 201", survey(e -> e.put("id", "i".repeat(201))), 400, "/id"));
        cases.add(post("sizes", "source of 501", survey(e -> e.put("source", "s".repeat(501))), 400, "/source"));
        cases.add(post("sizes", "customerId of 201", survey(e -> data(e).put("customerId", "c".repeat(201))), 400, "/data/customerId"));
        cases.add(post("sizes", "comment of 4001", survey(e -> data(e).put("comment", "a".repeat(4001))), 400, "/data/comment"));
        cases.add(post("sizes", "comment of 4000", survey(e -> data(e).put("comment", "a".repeat(4000))), 202, null));
        cases.add(post("sizes", "caseId of 201", survey(e -> data(e).put("caseId", "k".repeat(201))), 400, "/data/caseId"));
        cases.add(post("sizes", "agent id of 201", survey(e -> data(e).putObject("agent").put("id", "g".repeat(201))), 400, "/data/agent/id"));
        cases.add(post("sizes", "bug key of 201", FeedbackEvents.bugReport(FeedbackEvents.customer(), "support", "B".repeat(201), null, T0), 400, "/data/bugKey"));
        cases.add(post("sizes", "summary of 2001", FeedbackEvents.event("cx.feedback.complaint", T0, Map.of("customerId", "c-1", "summary", "s".repeat(2001))), 400, "/data/summary"));
        cases.add(post("sizes", "release of 201", FeedbackEvents.released("r".repeat(201), List.of(), T0), 400, "/data/release"));
        cases.add(post("sizes", "501 fixes in a release", FeedbackEvents.released("9.1", fixes(501), T0), 400, "/data/fixes"));
        cases.add(post("sizes", "500 fixes in a release", FeedbackEvents.released("9.2-" + System.nanoTime(), fixes(500), T0), 202, null));
        cases.add(post("sizes", "unknown data field of 4001", survey(e -> data(e).put("note", "n".repeat(4001))), 400, "/data/note"));
        cases.add(post("sizes", "extension attribute of 501", survey(e -> e.put("tenant", "t".repeat(501))), 400, "/tenant"));
        cases.add(post("sizes", "a property name over the parser's limit", survey(e -> data(e).put("n".repeat(300), 1)), 400, ""));
        cases.add(post("sizes", "65 data properties", survey(e -> {
            for (int i = 0; i < 60; i++) {
                data(e).put("p" + i, i);
            }
        }), 400, "/data"));
        cases.add(post("sizes", "33 envelope attributes", survey(e -> {
            for (int i = 0; i < 27; i++) {
                e.put("ext" + i, i);
            }
        }), 400, ""));
        cases.add(post("sizes", "a body over the limit", CE, new byte[70_000], 413, null));
        cases.add(post("sizes", "an empty body", CE, new byte[0], 400, ""));
        cases.add(post("sizes", "an empty batch", BATCH, utf8("[]"), 400, ""));
        cases.add(post("sizes", "150 bad events in a batch", BATCH, utf8(badBatch(150)), 400, "/0/source"));

        // depths
        cases.add(post("depths", "a note nested 20 deep", survey(e -> data(e).set("note", nested(20))), 202, null));
        cases.add(post("depths", "a note nested 40 deep", survey(e -> data(e).set("note", nested(40))), 400, ""));
        cases.add(post("depths", "a comment nested 10,000 deep", CE, withComment("[".repeat(10_000) + "]".repeat(10_000)), 400, ""));
        cases.add(post("depths", "a batch nested 33 deep", BATCH, utf8("[".repeat(33) + "]".repeat(33)), 400, ""));
        cases.add(post("depths", "an object as extension attribute", survey(e -> e.putObject("tenant").put("a", 1)), 400, "/tenant"));
        cases.add(post("depths", "data as an array", survey(e -> e.putArray("data").add(1)), 400, "/data"));

        // ranges
        for (int score : new int[]{-1, 0, 6, 11, 1_000_000}) {
            cases.add(post("ranges", "csat score " + score, survey(e -> data(e).put("score", score)), 400, "/data/score"));
        }
        cases.add(post("ranges", "csat score 5", survey(e -> data(e).put("score", 5)), 202, null));
        cases.add(post("ranges", "nps score 0", survey(e -> data(e).put("metric", "nps").put("score", 0)), 202, null));
        cases.add(post("ranges", "ces score 8", survey(e -> data(e).put("metric", "ces").put("score", 8)), 400, "/data/score"));
        cases.add(post("ranges", "score 4.5", survey(e -> data(e).put("score", 4.5)), 400, "/data/score"));
        cases.add(post("ranges", "score as text", survey(e -> data(e).put("score", "4")), 400, "/data/score"));
        cases.add(post("ranges", "score of 5,000 digits", CE, utf8(survey().toString().replace("\"score\":4", "\"score\":" + "4".repeat(5_000))), 400, ""));
        cases.add(post("ranges", "score 1e400", CE, utf8(survey().toString().replace("\"score\":4", "\"score\":1e400")), 400, "/data/score"));
        cases.add(post("ranges", "a note of 1e400", CE, utf8(survey().toString().replace("\"score\":4", "\"score\":4,\"note\":1e400")), 400, "/data/note"));
        cases.add(post("ranges", "a note of 1e16", survey(e -> data(e).put("note", 1e16)), 400, "/data/note"));
        cases.add(post("ranges", "time in year 999999999", survey(e -> e.put("time", "+999999999-01-01T00:00:00Z")), 400, "/time"));
        cases.add(post("ranges", "time in year 9999", survey(e -> e.put("time", "9999-12-31T23:59:59Z")), 400, "/time"));
        cases.add(post("ranges", "time on 30 February", survey(e -> e.put("time", "2026-02-30T10:00:00Z")), 400, "/time"));
        cases.add(post("ranges", "time as a number", survey(e -> e.put("time", 1764065700)), 400, "/time"));
        for (String path : List.of("/analytics/satisfaction", "/analytics/bugs", "/analytics/impact")) {
            cases.add(get("ranges", "from in year 999999999 on " + path, path + "?from=%2B999999999-01-01T00:00:00Z", 400, "/query/from"));
            cases.add(get("ranges", "to in year -999999999 on " + path, path + "?to=-999999999-01-01T00:00:00Z", 400, "/query/to"));
            cases.add(get("ranges", "from on month 13 on " + path, path + "?from=2026-13-01", 400, "/query/from"));
            cases.add(get("ranges", "from after to on " + path, path + "?from=2026-02-01&to=2026-01-01", 400, "/query/from"));
        }
        for (String limit : List.of("abc", "0", "501", "-5", "99999999999", "1e3", "%00")) {
            cases.add(get("ranges", "limit=" + limit, "/feedback?customerId=c-1&limit=" + limit, 400, "/query/limit"));
        }
        for (String days : List.of("abc", "0", "366", "1e3", "%00")) {
            cases.add(get("ranges", "lookbackDays=" + days, "/analytics/impact?lookbackDays=" + days, 400, "/query/lookbackDays"));
        }
        cases.add(get("ranges", "groupBy=nonsense", "/analytics/satisfaction?groupBy=nonsense", 400, "/query/groupBy"));
        cases.add(get("ranges", "period=fortnight", "/analytics/satisfaction?groupBy=period&period=fortnight", 400, "/query/period"));
        cases.add(get("ranges", "no customerId", "/feedback", 400, "/query/customerId"));

        // injections
        cases.add(get("injections", "%00 in a customer id", "/feedback?customerId=a%00b", 400, "/query/customerId"));
        cases.add(get("injections", "a customer id of 600", "/feedback?customerId=" + "c".repeat(600), 400, "/query/customerId"));
        cases.add(get("injections", "SQL in a customer id", "/feedback?customerId=x'%20OR%20'1'%3D'1", 200, null));
        cases.add(get("injections", "a newline in a customer id", "/feedback?customerId=x%0AERROR%20forged", 200, null));
        cases.add(get("injections", "%00 in groupBy", "/analytics/satisfaction?groupBy=%00", 400, "/query/groupBy"));
        cases.add(get("injections", "SQL in groupBy", "/analytics/satisfaction?groupBy=department,channel", 400, "/query/groupBy"));
        cases.add(post("injections", "markup in a comment", survey(e -> data(e).put("comment", "<script>alert(1)</script>")), 202, null));
        cases.add(post("injections", "SQL in a comment", survey(e -> data(e).put("comment", "'); DROP TABLE feedback;--")), 202, null));
        cases.add(post("injections", "a forged log line in a comment", survey(e -> data(e).put("comment", "x\n2026-11-30 ERROR [forged] all down")), 202, null));
        cases.add(post("injections", "terminal escapes in a customer id", survey(e -> data(e).put("customerId", "c-\u001b[31mred")), 202, null));
        cases.add(post("injections", "__proto__ as a data field", survey(e -> data(e).putObject("__proto__").put("admin", true)), 202, null));
        cases.add(post("injections", "an unknown type with NUL", survey(e -> e.put("type", "cx.feedback.survey\u0000")), 400, "/type"));
        cases.add(post("injections", "a type of 10,000 characters", survey(e -> e.put("type", "cx.feedback." + "a".repeat(10_000))), 400, "/type"));

        // content types and strict JSON
        cases.add(post("content", "no content-type", null, utf8(survey().toString()), 415, "/header/content-type"));
        cases.add(post("content", "text/plain", "text/plain", utf8(survey().toString()), 415, null));
        cases.add(post("content", "application/xml", "application/xml", utf8(survey().toString()), 415, null));
        cases.add(post("content", "with a charset", CE + "; charset=utf-8", utf8(survey().toString()), 202, null));
        cases.add(post("content", "a single event as a batch", BATCH, utf8(survey().toString()), 400, ""));
        cases.add(post("content", "a batch as a single event", CE, utf8("[" + survey() + "]"), 400, ""));
        cases.add(post("content", "trailing object", CE, utf8(survey() + "{}"), 400, ""));
        cases.add(post("content", "trailing garbage", CE, utf8(survey() + "x"), 400, ""));
        cases.add(post("content", "trailing whitespace is fine", CE, utf8(survey() + " \n"), 202, null));
        cases.add(post("content", "a repeated score", CE, utf8(survey().toString().replace("\"score\":4", "\"score\":4,\"score\":1")), 400, ""));
        cases.add(post("content", "a comment in the JSON", CE, utf8(survey().toString().replace("{\"specversion\"", "{/* c */\"specversion\"")), 400, ""));
        cases.add(post("content", "single quotes", CE, withComment("'fine'"), 400, ""));
        cases.add(post("content", "NaN", CE, utf8(survey().toString().replace("\"score\":4", "\"score\":NaN")), 400, ""));
        cases.add(post("content", "JSON null", CE, utf8("null"), 400, ""));
        cases.add(new Rest("content", "PUT /feedback", "PUT", "/feedback", CE, utf8(survey().toString()), 405, null));

        // duplicates with different content: the first of a (source, id) is stored, the others are repeats
        ObjectNode first = survey();
        ObjectNode second = first.deepCopy();
        data(second).put("score", 1);
        cases.add(post("duplicates", "an event", first, 202, null));
        cases.add(post("duplicates", "the same id and source, another score", second, 202, null));
        ObjectNode twin = survey();
        ObjectNode twinChanged = twin.deepCopy();
        data(twinChanged).put("department", "billing");
        cases.add(post("duplicates", "the same event twice in a batch, with different content", BATCH,
                utf8("[" + twin + "," + twinChanged + "]"), 202, null));
        ObjectNode otherSource = first.deepCopy();
        otherSource.put("source", "/surveys/other");
        cases.add(post("duplicates", "the same id from another source", otherSource, 202, null));
        return cases;
    }

    private static List<String> fixes(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("BUG-" + i);
        }
        return out;
    }

    private static String escape(String s) {
        return s.chars().mapToObj(c -> c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c))
                .collect(Collectors.joining());
    }

    private static ObjectNode nested(int depth) {
        ObjectNode value = EventJson.MAPPER.createObjectNode().put("leaf", 1);
        for (int i = 1; i < depth; i++) {
            value = EventJson.MAPPER.createObjectNode().set("n", value);
        }
        return value;
    }

    private static String badBatch(int n) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ObjectNode e = survey();
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
            JsonNode parsed = CloudEventCodec.parse(c.body());
            List<JsonNode> events = new ArrayList<>();
            if (parsed.isArray()) {
                parsed.forEach(events::add);
            } else {
                events.add(parsed);
            }
            events.forEach(e -> ACCEPTED.put(e.get("source").asText() + "\n" + e.get("id").asText(), c.toString()));
        }
    }

    @Test
    @Order(2)
    void aBatchOfManyBadEventsListsTheFirstHundredProblemsAndCountsThemAll() {
        Response response = given().contentType(BATCH).body(badBatch(150)).when().post("/feedback");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.jsonPath().getList("errors")).hasSize(100);
        assertThat(response.jsonPath().getInt("errorCount")).isEqualTo(150);
    }

    /** One hostile record over Kafka and the reason its dead-letter copy must give; a null reason means stored. */
    record Kafka(String name, ProducerRecord<String, byte[]> record, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static ObjectNode forCustomer(String customer) {
        ObjectNode event = survey();
        data(event).put("customerId", customer);
        return event;
    }

    private static byte[] withCommentFor(String customer, String rawJsonValue) {
        return utf8(forCustomer(customer).toString().replace("\"fine\"", rawJsonValue));
    }

    static ProducerRecord<String, byte[]> structuredRecord(byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.FEEDBACK, "hostile", value);
        record.headers().add("content-type", utf8(CE));
        return record;
    }

    private static Kafka structured(String name, byte[] value, String reason) {
        return new Kafka(name, structuredRecord(value), reason);
    }

    private static ProducerRecord<String, byte[]> binary(String subject, byte[] data) {
        var event = CloudEventBuilder.v1().withId("bin-" + System.nanoTime()).withSource(URI.create("/surveys/x"))
                .withType("cx.feedback.survey").withTime(T0).withSubject(subject)
                .withData("application/json", data).build();
        return CloudEventCodec.toKafkaBinary(Topics.FEEDBACK, "hostile", event);
    }

    /** Text of random supplementary code points: four UTF-8 bytes each, and nothing for PostgreSQL to compress. */
    static String incompressible(int codePoints, long seed) {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            out.appendCodePoint(0x10000 + random.nextInt(0x100000));
        }
        return out.toString();
    }

    static List<Kafka> kafkaCases(String customer) {
        List<Kafka> cases = new ArrayList<>();
        cases.add(structured("a survey nested 10,000 deep", withCommentFor(customer, "[".repeat(10_000) + "]".repeat(10_000)), "over a limit"));
        cases.add(structured("a score of 5,000 digits", utf8(forCustomer(customer).toString().replace("\"score\":4", "\"score\":" + "4".repeat(5_000))), "over a limit"));
        cases.add(structured("a string over the parser's limit", withCommentFor(customer, "\"" + "c".repeat(70_000) + "\""), "over a limit"));
        cases.add(structured("a lone surrogate in a comment", withCommentFor(customer, "\"\\ud800x\""), "unpaired surrogate"));
        cases.add(structured("NUL in a comment", withCommentFor(customer, "\"a\\u0000b\""), "U+0000"));
        cases.add(structured("raw byte 0xff", new String(withCommentFor(customer, "\"fi#ne\""), StandardCharsets.ISO_8859_1).replace("#", "\u00ff").getBytes(StandardCharsets.ISO_8859_1), "malformed JSON"));
        cases.add(structured("trailing bytes", utf8(forCustomer(customer) + "{}"), "malformed JSON"));
        cases.add(structured("a repeated name", withCommentFor(customer, "\"x\",\"comment\":\"y\""), "Duplicate field"));
        cases.add(structured("an empty value", new byte[0], "empty body"));
        cases.add(new Kafka("a null value", new ProducerRecord<>(Topics.FEEDBACK, "hostile", null), "empty body"));
        cases.add(structured("a csat score of 9", utf8(forCustomer(customer).toString().replace("\"score\":4", "\"score\":9")), "/data/score"));
        cases.add(structured("a comment of 4001", withCommentFor(customer, "\"" + "a".repeat(4001) + "\""), "/data/comment"));
        cases.add(structured("time in year 999999999", utf8(forCustomer(customer).put("time", "+999999999-01-01T00:00:00Z").toString()), "/time"));
        ProducerRecord<String, byte[]> wrongType = new ProducerRecord<>(Topics.FEEDBACK, "hostile", utf8(forCustomer(customer).toString()));
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
        data(checked).put("comment", CHECK);
        cases.add(structured("a comment a table constraint refuses", utf8(checked.toString()), "sqlstate-23514"));
        // repeats with other content are stored once, never dead-lettered
        ObjectNode original = forCustomer(customer);
        ObjectNode changed = original.deepCopy();
        data(changed).put("score", 1);
        cases.add(structured("an event", utf8(original.toString()), null));
        cases.add(structured("the same event with another score", utf8(changed.toString()), null));
        return cases;
    }

    @Test
    @Order(3)
    void hostileRecordsOverKafkaAreDeadLetteredWithTheirReasonAndTheGoodOnesBetweenAreStored() throws Exception {
        String customer = FeedbackEvents.customer();
        List<Kafka> cases = kafkaCases(customer);
        assertThat(cases.size() + restCases().size()).isGreaterThanOrEqualTo(150);
        Map<Long, Kafka> bad = new LinkedHashMap<>();
        Map<String, String> good = new LinkedHashMap<>();
        int repeats = 0;
        int sent = 0;
        try (Connection c = UnisonTestResources.database().connect(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE feedback ADD CONSTRAINT hostile_test_refuses CHECK (data->>'comment' IS DISTINCT FROM '"
                    + CHECK + "')");
            try (KafkaProducer<String, byte[]> producer = KafkaTestClient.producer()) {
                // every record on one partition, in one batch: a good survey before and after each hostile one
                for (Kafka k : cases) {
                    ObjectNode before = forCustomer(customer);
                    producer.send(structuredRecord(utf8(before.toString())));
                    good.put(before.get("source").asText() + "\n" + before.get("id").asText(), "before " + k);
                    RecordMetadata at = producer.send(k.record()).get();
                    sent += 2;
                    if (k.reason() == null) {
                        repeats++;
                    } else {
                        bad.put(at.offset(), k);
                    }
                }
                ObjectNode last = forCustomer(customer);
                producer.send(structuredRecord(utf8(last.toString()))).get();
                good.put(last.get("source").asText() + "\n" + last.get("id").asText(), "last");
                sent++;
            }
            List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestClient.await(Topics.FEEDBACK_DLQ,
                    r -> "hostile".equals(KafkaTestClient.text(r.key())) && bad.containsKey(
                            Long.parseLong(DeadLetters.header(r.headers(), DeadLetters.SOURCE_OFFSET))),
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
            // records in = stored + dead-lettered: the good ones and both repeats stored (once), the bad set aside
            assertThat(dead).hasSize(bad.size());
            assertThat(good.size() + repeats + dead.size()).isEqualTo(sent);
            assertThat(customerRows(customer)).isEqualTo(good.size() + 1);
        } finally {
            try (Connection c = UnisonTestResources.database().connect(); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE feedback DROP CONSTRAINT IF EXISTS hostile_test_refuses");
            }
        }
    }

    @Test
    @Order(4)
    void afterTheSuiteTheServiceIsReadyAndEveryAcceptedEventIsStored() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(storedKeys(ACCEPTED.keySet())).containsExactlyInAnyOrderElementsOf(ACCEPTED.keySet()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("unison_consumer_lag{").contains("unison_consumer_batches_retried_total{")
                .contains("unison_consumer_dead_lettered_total{reason=\"sqlstate-54000\",topic=\"cx.feedback.v1\"")
                .contains("unison_consumer_dead_lettered_total{reason=\"over-limit\",topic=\"cx.feedback.v1\"")
                .contains("unison_consumer_dead_lettered_total{reason=\"invalid-text\",topic=\"cx.feedback.v1\"");
    }

    static Set<String> storedKeys(Set<String> keys) throws Exception {
        Set<String> found = new HashSet<>();
        try (Connection c = UnisonTestResources.database().connect();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM feedback WHERE source = ? AND id = ?")) {
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
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM feedback WHERE customer_id = ?")) {
            ps.setString(1, customer);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
