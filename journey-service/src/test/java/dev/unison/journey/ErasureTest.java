package dev.unison.journey;

import dev.unison.contracts.DeadLetters;
import dev.unison.contracts.Erasure;
import dev.unison.contracts.Topics;
import dev.unison.testsupport.KafkaTestClient;
import dev.unison.testsupport.TestTokens;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/** DELETE /customers/{id}: the request reaches cx.erasures.v1 and the customer's touches go, nobody else's. */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class ErasureTest {
    private static final OffsetDateTime T0 = OffsetDateTime.now(ZoneOffset.UTC).minusDays(3).withNano(0);

    @Test
    void anAdminErasesOneCustomerEverywhereAndTheOthersStay() {
        String erased = TouchEvents.customer();
        String kept = TouchEvents.customer();
        for (String customer : List.of(erased, kept)) {
            for (int i = 0; i < 3; i++) {
                given().contentType("application/cloudevents+json")
                        .body(TouchEvents.contact(customer, "sales", T0.plusMonths(-i)).toString())
                        .when().post("/touches").then().statusCode(202);
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String customer : List.of(erased, kept)) {
                given().get("/customers/" + customer + "/journey").then().statusCode(200).body("items", hasSize(3));
            }
        });

        given().auth().oauth2(TestTokens.withRoles("admin")).when().delete("/customers/" + erased)
                .then().statusCode(202).body("customerId", is(erased)).body("requestedBy", is("admin"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/customers/" + erased + "/journey").then().statusCode(404));
        given().get("/customers/" + kept + "/journey").then().statusCode(200).body("items", hasSize(3));
        // every other service learns of it from the topic: keyed by the customer, a CloudEvent naming who asked
        List<ConsumerRecord<byte[], byte[]>> requests = KafkaTestClient.await(Topics.ERASURES,
                r -> erased.equals(KafkaTestClient.text(r.key())), 1, Duration.ofSeconds(30));
        Erasure request = Erasure.parse(requests.get(0).value());
        assertThat(request.requestedBy()).isEqualTo("admin");
        assertThat(DeadLetters.header(requests.get(0).headers(), "ce_type")).isEqualTo(Erasure.TYPE);
        assertThat(DeadLetters.header(requests.get(0).headers(), "ce_subject")).isEqualTo(erased);
    }

    @Test
    void onlyAnAdminMayEraseAndTheIdIsChecked() {
        String customer = TouchEvents.customer();
        given().auth().oauth2(TestTokens.withRoles("ops")).when().delete("/customers/" + customer)
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.withRoles("analyst")).when().delete("/customers/" + customer)
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.withRoles("admin")).when().delete("/customers/" + "x".repeat(501))
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aMalformedRequestOnTheTopicIsSetAsideAndTheNextOneStillErases() {
        String customer = TouchEvents.customer();
        given().contentType("application/cloudevents+json")
                .body(TouchEvents.contact(customer, "support", T0).toString())
                .when().post("/touches").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/customers/" + customer + "/journey").then().statusCode(200));
        String junkKey = "junk-" + customer;
        KafkaTestClient.send(Topics.ERASURES, junkKey, "{\"customerId\": 12, \"requestedBy\": [");
        KafkaTestClient.send(Erasure.request(customer, "a-test").toRecord());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/customers/" + customer + "/journey").then().statusCode(404));
        ConsumerRecord<byte[], byte[]> dead = KafkaTestClient.await(Topics.ERASURES_DLQ,
                r -> junkKey.equals(KafkaTestClient.text(r.key())), 1, Duration.ofSeconds(30)).get(0);
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.REASON)).isNotBlank();
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).startsWith("{\"customerId\": 12");
    }
}
