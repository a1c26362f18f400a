package dev.unison.feedback;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.Topics;
import dev.unison.testsupport.EventMutations;
import dev.unison.testsupport.EventMutations.Mutant;
import dev.unison.testsupport.KafkaTestClient;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.LogConfig;
import io.restassured.response.Response;
import net.jqwik.api.sessions.JqwikSession;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Mutations of valid feedback events of every kind (jqwik's generators, a few hundred tries) sent to the running
 * service: no mutation over REST gets a 5xx, and after the mutations over Kafka the consumer is not stuck: a good
 * survey sent after them is stored and the service is ready.
 */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class MutatedFeedbackTest {

    @BeforeAll
    static void neverPrettyPrintAHostileBody() {
        RestAssured.config = RestAssured.config().logConfig(LogConfig.logConfig().enablePrettyPrinting(false));
    }

    private static List<Mutant> sample(int tries) {
        List<Mutant> mutants = new ArrayList<>();
        JqwikSession.start();
        try {
            EventMutations.of(FeedbackMutationPropertyTest.validFeedback()).sampleStream().limit(tries)
                    .forEach(mutants::add);
        } finally {
            JqwikSession.finish();
        }
        return mutants;
    }

    @Test
    void noMutationOfAValidEventGetsA5xxOverRest() {
        List<String> failures = new ArrayList<>();
        int accepted = 0;
        for (Mutant mutant : sample(300)) {
            Response response = given().contentType(CloudEventCodec.STRUCTURED_CONTENT_TYPE).body(mutant.body())
                    .when().post("/feedback");
            if (response.statusCode() >= 500 || response.statusCode() < 200) {
                failures.add(mutant + " → " + response.statusCode() + " " + response.asString());
            } else if (response.statusCode() >= 400) {
                assertThat(response.contentType()).as(mutant.toString()).startsWith("application/problem+json");
            } else {
                accepted++;
            }
        }
        assertThat(failures).isEmpty();
        assertThat(accepted).as("some mutations are harmless").isPositive();
    }

    @Test
    void mutationsOverKafkaNeverStopTheConsumer() {
        String customer = FeedbackEvents.customer();
        try (KafkaProducer<String, byte[]> producer = KafkaTestClient.producer()) {
            for (Mutant mutant : sample(300)) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.FEEDBACK, customer, mutant.body());
                record.headers().add("content-type", CloudEventCodec.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            producer.flush();
        }
        ObjectNode marker = FeedbackEvents.survey(customer, "support", "phone", "nps", 9,
                OffsetDateTime.now(ZoneOffset.UTC).minusHours(1));
        KafkaTestClient.send(CloudEventCodec.toKafka(Topics.FEEDBACK, marker));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().queryParam("customerId", customer).when().get("/feedback")
                        .then().statusCode(200).body("id", org.hamcrest.Matchers.hasItem(marker.get("id").asText())));
        given().when().get("/q/health/ready").then().statusCode(200);
    }
}
