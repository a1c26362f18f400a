package dev.unison.journey;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.DeadLetters;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Topics;
import dev.unison.testsupport.KafkaTestClient;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.filter.log.LogDetail;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class TouchIngestTest {
    private static final OffsetDateTime T0 = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).withNano(0);

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails(LogDetail.ALL);
    }

    @Test
    void touchSentByRestAndTouchProducedToKafkaBothAppearInTheJourney() {
        String customer = TouchEvents.customer();
        ObjectNode viaRest = TouchEvents.touch("answer-given", customer, "support", T0,
                Map.of("question", "refund-window", "answer", "30 days"));
        ObjectNode viaKafka = TouchEvents.touch("info-requested", customer, "billing", T0.plusMinutes(5),
                Map.of("fields", List.of("iban")));

        given().contentType("application/cloudevents+json").body(viaRest.toString())
                .when().post("/touches")
                .then().statusCode(202).body("accepted", is(1)).body("ids", contains(viaRest.get("id").asText()));
        // a CRM connector with plain kafka-clients, binary content mode
        KafkaTestClient.send(CloudEventCodec.toKafkaBinary(Topics.TOUCHES, customer,
                CloudEventCodec.toCloudEvent(viaKafka)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/customers/{id}/journey", customer)
                        .then().statusCode(200)
                        .body("items.id", contains(viaRest.get("id").asText(), viaKafka.get("id").asText()))
                        .body("items.kind", contains("answer-given", "info-requested"))
                        .body("items[0].data.answer", is("30 days"))
                        .body("items[1].department", is("billing")));
    }

    @Test
    void batchIsAcceptedWholeAndARepeatedEventIsStoredOnce() {
        String customer = TouchEvents.customer();
        ObjectNode first = TouchEvents.contact(customer, "sales", T0);
        ObjectNode second = TouchEvents.contact(customer, "marketing", T0.plusMinutes(1));
        String batch = "[" + first + "," + second + "]";

        given().contentType(CloudEventCodec.BATCH_CONTENT_TYPE).body(batch).when().post("/touches")
                .then().statusCode(202).body("accepted", is(2));
        // the same two events again, by REST and straight to Kafka in structured mode
        given().contentType(CloudEventCodec.BATCH_CONTENT_TYPE).body(batch).when().post("/touches")
                .then().statusCode(202);
        KafkaTestClient.send(CloudEventCodec.toKafka(Topics.TOUCHES, first));
        ObjectNode marker = TouchEvents.contact(customer, "support", T0.plusMinutes(2));
        KafkaTestClient.send(CloudEventCodec.toKafka(Topics.TOUCHES, marker));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/customers/{id}/journey", customer)
                        .then().statusCode(200).body("items", hasSize(3))
                        .body("items.department", contains("sales", "marketing", "support")));
        assertThat(metric("unison_events_duplicate_total")).isGreaterThanOrEqualTo(3.0);
    }

    @Test
    void malformedJsonIsA400NamingWhereItBroke() {
        double before = metric("unison_events_rejected_total{via=\"rest\"}");
        given().contentType("application/cloudevents+json").body("{\"specversion\": \"1.0\", \"id\": ")
                .when().post("/touches")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", is("https://unison.dev/problems/invalid-event"))
                .body("errors[0].detail", containsString("malformed JSON at line 1"));
        assertThat(metric("unison_events_rejected_total{via=\"rest\"}")).isEqualTo(before + 1);
    }

    @Test
    void missingRequiredAttributeAndWrongTypeAreEachNamed() {
        ObjectNode event = TouchEvents.contact(TouchEvents.customer(), "sales", T0);
        event.remove("source");
        ((ObjectNode) event.get("data")).put("channel", 7);
        given().contentType("application/cloudevents+json").body(event.toString())
                .when().post("/touches")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", is(400))
                .body("errors.pointer", contains("/data/channel", "/source"));
    }

    @Test
    void unknownKindIsRejected() {
        ObjectNode event = TouchEvents.contact(TouchEvents.customer(), "sales", T0);
        event.put("type", "cx.touch.mind-reading");
        given().contentType("application/cloudevents+json").body(event.toString())
                .when().post("/touches")
                .then().statusCode(400)
                .body("errors.pointer", contains("/type"))
                .body("errors[0].detail", containsString("unknown event type 'cx.touch.mind-reading'"));
    }

    @Test
    void timestampFarInTheFutureIsRejected() {
        ObjectNode event = TouchEvents.contact(TouchEvents.customer(), "sales", OffsetDateTime.now().plusDays(3));
        given().contentType("application/cloudevents+json").body(event.toString())
                .when().post("/touches")
                .then().statusCode(400).body("errors.pointer", contains("/time"))
                .body("errors[0].detail", containsString("in the future"));
    }

    @Test
    void invalidEventInABatchRejectsTheBatchNamingItsIndex() {
        String customer = TouchEvents.customer();
        ObjectNode good = TouchEvents.contact(customer, "sales", T0);
        ObjectNode bad = TouchEvents.contact(customer, "sales", T0);
        ((ObjectNode) bad.get("data")).remove("customerId");
        given().contentType(CloudEventCodec.BATCH_CONTENT_TYPE).body("[" + good + "," + bad + "]")
                .when().post("/touches")
                .then().statusCode(400).body("errors.pointer", contains("/1/data/customerId"));
        given().when().get("/customers/{id}/journey", customer).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void oversizedBodyIsA413() {
        ObjectNode event = TouchEvents.touch("contact", TouchEvents.customer(), "sales", T0,
                Map.of("purpose", "service", "summary", "x".repeat(1_100_000)));
        given().contentType("application/cloudevents+json").body(event.toString())
                .when().post("/touches")
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("exceeds the limit of 1048576 bytes"));
    }

    @Test
    void invalidRecordsOnKafkaGoToTheDeadLetterTopicWithTheReason() {
        String customer = TouchEvents.customer();
        double before = metric("unison_events_rejected_total{via=\"kafka\"}");
        ObjectNode missing = TouchEvents.contact(customer, "sales", T0);
        ((ObjectNode) missing.get("data")).remove("department");
        ProducerRecord<String, byte[]> garbage = new ProducerRecord<>(Topics.TOUCHES, customer,
                ("{not json " + customer).getBytes(StandardCharsets.UTF_8));
        KafkaTestClient.send(CloudEventCodec.toKafka(Topics.TOUCHES, missing));
        KafkaTestClient.send(garbage);

        List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestClient.await(Topics.TOUCHES_DLQ,
                r -> customer.equals(KafkaTestClient.text(r.key())), 2, Duration.ofSeconds(30));
        assertThat(dead).hasSize(2);
        assertThat(dead).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.REASON))
                .anySatisfy(reason -> assertThat(reason).startsWith("/data/department"))
                .anySatisfy(reason -> assertThat(reason).contains("malformed JSON"));
        assertThat(dead).allSatisfy(r -> {
            assertThat(DeadLetters.header(r.headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo(Topics.TOUCHES);
            assertThat(DeadLetters.header(r.headers(), DeadLetters.SOURCE_OFFSET)).isNotBlank();
        });
        assertThat(dead).extracting(r -> KafkaTestClient.text(r.value()))
                .contains(("{not json " + customer), EventJson.string(missing));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(metric("unison_events_rejected_total{via=\"kafka\"}")).isGreaterThanOrEqualTo(before + 2));
    }

    @Test
    void countersOfAcceptedAndStoredEventsAreExposed() {
        double accepted = metric("unison_events_accepted_total");
        double stored = metric("unison_events_stored_total");
        String customer = TouchEvents.customer();
        given().contentType("application/cloudevents+json").body(TouchEvents.contact(customer, "sales", T0).toString())
                .when().post("/touches").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(metric("unison_events_stored_total")).isGreaterThanOrEqualTo(stored + 1));
        assertThat(metric("unison_events_accepted_total")).isEqualTo(accepted + 1);
    }

    @Test
    void schemasAreServed() {
        given().when().get("/schemas").then().statusCode(200)
                .body("name", hasItem("cx.touch.answer-given"))
                .body("name", hasItem("alert"));
        given().when().get("/schemas/cx.touch.info-requested").then().statusCode(200)
                .body("required", contains("fields"));
        given().when().get("/schemas/nope").then().statusCode(404);
    }

    /** The value of one Prometheus sample, 0 when absent. */
    static double metric(String sample) {
        String body = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines().filter(l -> l.startsWith(sample + " ") || l.startsWith(sample.replace("}", ",") ))
                .filter(l -> !l.startsWith("#"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
