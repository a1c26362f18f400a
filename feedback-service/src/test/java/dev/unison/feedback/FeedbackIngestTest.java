package dev.unison.feedback;

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

import static dev.unison.feedback.FeedbackEvents.metric;
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
class FeedbackIngestTest {
    private static final OffsetDateTime T0 = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).withNano(0);

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails(LogDetail.ALL);
    }

    @Test
    void feedbackByRestInBothMediaTypesAndByKafkaInBothModesIsStored() {
        String customer = FeedbackEvents.customer();
        ObjectNode survey = FeedbackEvents.survey(customer, "support", "phone", "csat", 4, T0);
        ObjectNode complaint = FeedbackEvents.complaint(customer, "billing", "email", T0.plusMinutes(1));
        ObjectNode structured = FeedbackEvents.survey(customer, "support", "chat", "nps", 9, T0.plusMinutes(2));
        ObjectNode binary = FeedbackEvents.bugReport(customer, "product", "BUG-INGEST", "9.9", T0.plusMinutes(3));

        given().contentType("application/cloudevents+json").body(survey.toString())
                .when().post("/feedback")
                .then().statusCode(202).body("accepted", is(1)).body("ids", contains(survey.get("id").asText()));
        given().contentType("application/json").body(complaint.toString())
                .when().post("/feedback")
                .then().statusCode(202).body("accepted", is(1));
        // a survey tool with plain kafka-clients: structured mode, then binary mode
        KafkaTestClient.send(CloudEventCodec.toKafka(Topics.FEEDBACK, structured));
        KafkaTestClient.send(CloudEventCodec.toKafkaBinary(Topics.FEEDBACK, customer,
                CloudEventCodec.toCloudEvent(binary)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().queryParam("customerId", customer).when().get("/feedback")
                        .then().statusCode(200)
                        .body("id", contains(survey.get("id").asText(), complaint.get("id").asText(),
                                structured.get("id").asText(), binary.get("id").asText()))
                        .body("type", contains("cx.feedback.survey", "cx.feedback.complaint", "cx.feedback.survey",
                                "cx.feedback.bug-report"))
                        .body("[0].data.score", is(4))
                        .body("[2].data.metric", is("nps"))
                        .body("[3].data.bugKey", is("BUG-INGEST")));
    }

    @Test
    void batchIsAcceptedWholeAndARepeatedEventIsStoredOnce() {
        String customer = FeedbackEvents.customer();
        ObjectNode first = FeedbackEvents.survey(customer, "sales", "email", "csat", 5, T0);
        ObjectNode second = FeedbackEvents.praise(customer, "sales", "email", T0.plusMinutes(1));
        String batch = "[" + first + "," + second + "]";
        double duplicates = metric("unison_events_duplicate_total");

        given().contentType(CloudEventCodec.BATCH_CONTENT_TYPE).body(batch).when().post("/feedback")
                .then().statusCode(202).body("accepted", is(2));
        // the same two again by REST, and the first once more straight to Kafka
        given().contentType(CloudEventCodec.BATCH_CONTENT_TYPE).body(batch).when().post("/feedback")
                .then().statusCode(202);
        KafkaTestClient.send(CloudEventCodec.toKafka(Topics.FEEDBACK, first));
        ObjectNode marker = FeedbackEvents.complaint(customer, "sales", "email", T0.plusMinutes(2));
        KafkaTestClient.send(CloudEventCodec.toKafka(Topics.FEEDBACK, marker));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            given().queryParam("customerId", customer).when().get("/feedback")
                    .then().statusCode(200).body("$", hasSize(3))
                    .body("type", contains("cx.feedback.survey", "cx.feedback.praise", "cx.feedback.complaint"));
            assertThat(metric("unison_events_duplicate_total")).isGreaterThanOrEqualTo(duplicates + 3);
        });
    }

    @Test
    void releaseIsKeyedByItsNameAndCompanyWideAcknowledgementByItsBugKey() {
        String release = "ingest-" + System.nanoTime();
        ObjectNode shipped = FeedbackEvents.released(release, List.of("BUG-K1"), T0);
        String bugKey = "BUG-" + System.nanoTime();
        ObjectNode ack = FeedbackEvents.acknowledged(bugKey, null, T0);
        FeedbackEvents.post(List.of(shipped, ack));

        List<ConsumerRecord<byte[], byte[]>> byRelease = KafkaTestClient.await(Topics.FEEDBACK,
                r -> release.equals(KafkaTestClient.text(r.key())), 1, Duration.ofSeconds(30));
        assertThat(byRelease).hasSize(1);
        assertThat(KafkaTestClient.text(byRelease.get(0).value())).contains(shipped.get("id").asText());
        List<ConsumerRecord<byte[], byte[]>> byBug = KafkaTestClient.await(Topics.FEEDBACK,
                r -> bugKey.equals(KafkaTestClient.text(r.key())), 1, Duration.ofSeconds(30));
        assertThat(byBug).hasSize(1);
    }

    @Test
    void malformedJsonIsA400NamingWhereItBrokeAndIsCounted() {
        double before = metric("unison_events_rejected_total{via=\"rest\"}");
        given().contentType("application/cloudevents+json").body("{\"specversion\": \"1.0\", \"id\": ")
                .when().post("/feedback")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", is("https://unison.dev/problems/invalid-event"))
                .body("errors[0].detail", containsString("malformed JSON at line 1"));
        assertThat(metric("unison_events_rejected_total{via=\"rest\"}")).isEqualTo(before + 1);
    }

    @Test
    void missingFieldWrongTypeAndBadEnumAreEachNamedByPointer() {
        ObjectNode event = FeedbackEvents.survey(FeedbackEvents.customer(), "support", "phone", "csat", 4, T0);
        event.remove("source");
        ((ObjectNode) event.get("data")).remove("department");
        ((ObjectNode) event.get("data")).put("score", "four");
        ((ObjectNode) event.get("data")).put("metric", "happiness");
        given().contentType("application/cloudevents+json").body(event.toString())
                .when().post("/feedback")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", is(400))
                .body("errors.pointer", contains("/data/department", "/data/metric", "/data/score", "/source"));
    }

    @Test
    void surveyScoreOutsideItsMetricsScaleIsRejected() {
        String customer = FeedbackEvents.customer();
        given().contentType("application/cloudevents+json")
                .body(FeedbackEvents.survey(customer, "support", "phone", "csat", 7, T0).toString())
                .when().post("/feedback")
                .then().statusCode(400).body("errors.pointer", contains("/data/score"))
                .body("errors[0].detail", containsString("csat score is on the scale 1–5, got 7"));
        given().contentType("application/cloudevents+json")
                .body(FeedbackEvents.survey(customer, "support", "phone", "nps", 11, T0).toString())
                .when().post("/feedback")
                .then().statusCode(400).body("errors.pointer", contains("/data/score"));
        given().contentType("application/cloudevents+json")
                .body(FeedbackEvents.survey(customer, "support", "phone", "ces", 0, T0).toString())
                .when().post("/feedback")
                .then().statusCode(400).body("errors.pointer", contains("/data/score"));
    }

    @Test
    void unknownTypeAndFutureTimeAreRejected() {
        ObjectNode unknown = FeedbackEvents.complaint(FeedbackEvents.customer(), "sales", "email", T0);
        unknown.put("type", "cx.feedback.rant");
        given().contentType("application/cloudevents+json").body(unknown.toString())
                .when().post("/feedback")
                .then().statusCode(400).body("errors.pointer", contains("/type"))
                .body("errors[0].detail", containsString("unknown event type 'cx.feedback.rant'"));
        ObjectNode future = FeedbackEvents.complaint(FeedbackEvents.customer(), "sales", "email",
                OffsetDateTime.now(ZoneOffset.UTC).plusDays(2));
        given().contentType("application/cloudevents+json").body(future.toString())
                .when().post("/feedback")
                .then().statusCode(400).body("errors.pointer", contains("/time"))
                .body("errors[0].detail", containsString("in the future"));
    }

    @Test
    void invalidEventInABatchRejectsTheWholeBatchNamingItsIndex() {
        String customer = FeedbackEvents.customer();
        double before = metric("unison_events_rejected_total{via=\"rest\"}");
        ObjectNode good = FeedbackEvents.survey(customer, "sales", "email", "nps", 10, T0);
        ObjectNode bad = FeedbackEvents.survey(customer, "sales", "email", "csat", 9, T0);
        ObjectNode worse = FeedbackEvents.complaint(customer, "sales", "email", T0);
        ((ObjectNode) worse.get("data")).remove("customerId");
        given().contentType(CloudEventCodec.BATCH_CONTENT_TYPE).body("[" + good + "," + bad + "," + worse + "]")
                .when().post("/feedback")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", contains("/1/data/score", "/2/data/customerId"));
        assertThat(metric("unison_events_rejected_total{via=\"rest\"}")).isEqualTo(before + 3);
        given().contentType(CloudEventCodec.BATCH_CONTENT_TYPE).body("[]").when().post("/feedback")
                .then().statusCode(400).body("errors[0].detail", is("the batch is empty"));
        given().contentType(CloudEventCodec.BATCH_CONTENT_TYPE).body(good.toString()).when().post("/feedback")
                .then().statusCode(400).body("errors[0].detail", containsString("must be a JSON array"));
        given().contentType("application/cloudevents+json").body("[" + good + "]").when().post("/feedback")
                .then().statusCode(400).body("errors[0].detail", containsString("a JSON array is a batch"));
        // nothing of the refused batch was published: the good event never shows up
        given().contentType("application/cloudevents+json")
                .body(FeedbackEvents.complaint(customer, "sales", "email", T0.plusMinutes(1)).toString())
                .when().post("/feedback").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().queryParam("customerId", customer).when().get("/feedback")
                        .then().statusCode(200).body("type", contains("cx.feedback.complaint")));
    }

    @Test
    void oversizedBodyIsA413AndUnsupportedMediaTypeA415() {
        double before = metric("unison_events_rejected_total{via=\"rest\"}");
        ObjectNode event = FeedbackEvents.complaint(FeedbackEvents.customer(), "sales", "email", T0);
        ((ObjectNode) event.get("data")).put("comment", "x".repeat(3000));
        String batch = "[" + String.join(",", java.util.Collections.nCopies(30, event.toString())) + "]";
        given().contentType(CloudEventCodec.BATCH_CONTENT_TYPE).body(batch)
                .when().post("/feedback")
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("exceeds the limit of 65536 bytes"));
        assertThat(metric("unison_events_rejected_total{via=\"rest\"}")).isEqualTo(before + 1);
        given().contentType("text/plain").body("great service")
                .when().post("/feedback")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void invalidRecordsOnKafkaGoToTheDeadLetterTopicWithTheReasonAndAreCounted() {
        String customer = FeedbackEvents.customer();
        double before = metric("unison_events_rejected_total{via=\"kafka\"}");
        ObjectNode missing = FeedbackEvents.survey(customer, "support", "phone", "csat", 4, T0);
        ((ObjectNode) missing.get("data")).remove("department");
        ObjectNode offScale = FeedbackEvents.survey(customer, "support", "phone", "csat", 9, T0);
        ProducerRecord<String, byte[]> garbage = new ProducerRecord<>(Topics.FEEDBACK, customer,
                ("{not json " + customer).getBytes(StandardCharsets.UTF_8));
        KafkaTestClient.send(CloudEventCodec.toKafka(Topics.FEEDBACK, missing));
        KafkaTestClient.send(CloudEventCodec.toKafka(Topics.FEEDBACK, offScale));
        KafkaTestClient.send(garbage);

        List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestClient.await(Topics.FEEDBACK_DLQ,
                r -> customer.equals(KafkaTestClient.text(r.key())), 3, Duration.ofSeconds(30));
        assertThat(dead).hasSize(3);
        assertThat(dead).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.REASON))
                .anySatisfy(reason -> assertThat(reason).startsWith("/data/department"))
                .anySatisfy(reason -> assertThat(reason).startsWith("/data/score").contains("got 9"))
                .anySatisfy(reason -> assertThat(reason).contains("malformed JSON"));
        assertThat(dead).allSatisfy(r -> {
            assertThat(DeadLetters.header(r.headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo(Topics.FEEDBACK);
            assertThat(DeadLetters.header(r.headers(), DeadLetters.SOURCE_OFFSET)).isNotBlank();
            assertThat(DeadLetters.header(r.headers(), DeadLetters.VIOLATIONS)).startsWith("[");
        });
        assertThat(dead).extracting(r -> KafkaTestClient.text(r.value()))
                .contains("{not json " + customer, EventJson.string(missing));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(metric("unison_events_rejected_total{via=\"kafka\"}")).isGreaterThanOrEqualTo(before + 3));
        given().queryParam("customerId", customer).when().get("/feedback").then().statusCode(200)
                .body("$", hasSize(0));
    }

    @Test
    void acceptedAndStoredAreCounted() {
        double accepted = metric("unison_events_accepted_total");
        double stored = metric("unison_events_stored_total");
        String customer = FeedbackEvents.customer();
        FeedbackEvents.post(List.of(FeedbackEvents.survey(customer, "sales", "web", "ces", 3, T0),
                FeedbackEvents.praise(customer, "sales", "web", T0)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(metric("unison_events_stored_total")).isGreaterThanOrEqualTo(stored + 2));
        assertThat(metric("unison_events_accepted_total")).isEqualTo(accepted + 2);
    }

    @Test
    void readinessCoversKafkaTheDatabaseAndBothConsumers() {
        // the consumers are ready once they have joined their groups and got their partitions
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem("Kafka connection health check"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.name", hasItem("feedback-service consumers")));
    }

    @Test
    void openApiDescribesIngestionAndAnalytics() {
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("paths.keySet()", org.hamcrest.Matchers.hasItems("/feedback", "/analytics/satisfaction",
                        "/analytics/bugs", "/analytics/impact"));
    }

    @Test
    void badQueryParametersAreProblems() {
        given().when().get("/feedback").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("'customerId' is required"));
        given().queryParam("from", "yesterday").when().get("/analytics/satisfaction").then().statusCode(400)
                .body("detail", containsString("'from' must be an RFC 3339 time"));
        given().queryParam("groupBy", "mood").when().get("/analytics/satisfaction").then().statusCode(400)
                .body("detail", containsString("'groupBy' must be one of"));
        given().queryParams(Map.of("from", "2025-02-01", "to", "2025-01-01")).when().get("/analytics/bugs")
                .then().statusCode(400).body("detail", containsString("must be before"));
        given().queryParam("lookbackDays", 0).when().get("/analytics/impact").then().statusCode(400)
                .body("detail", containsString("'lookbackDays' must be between 1 and 365"));
    }
}
