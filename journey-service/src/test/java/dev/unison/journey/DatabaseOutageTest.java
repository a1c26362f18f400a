package dev.unison.journey;

import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.Topics;
import dev.unison.testsupport.KafkaTestClient;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** While the touch table cannot be written, the consumer retries the batch; nothing is skipped. */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class DatabaseOutageTest {

    @Test
    void touchesArrivingDuringAnOutageAreStoredOnceTheDatabaseIsBack() throws Exception {
        String customer = TouchEvents.customer();
        try (Connection c = UnisonTestResources.database().connect(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE touches RENAME TO touches_offline");
            try {
                KafkaTestClient.send(CloudEventCodec.toKafka(Topics.TOUCHES,
                        TouchEvents.contact(customer, "support", OffsetDateTime.now(ZoneOffset.UTC).minusHours(1))));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        given().when().get("/q/health/ready").then().statusCode(503));
            } finally {
                s.execute("ALTER TABLE touches_offline RENAME TO touches");
            }
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().when().get("/customers/{id}/journey", customer).then().statusCode(200)
                        .body("items.size()", is(1)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));
        // a missing table is an outage, not the record's fault: retried, never dead-lettered
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("unison_consumer_batches_retried_total{group=\"journey-service\",topic=\"cx.touches.v1\"}"));
        assertThat(KafkaTestClient.await(Topics.TOUCHES_DLQ, r -> customer.equals(
                KafkaTestClient.text(r.key())), 1, Duration.ofSeconds(3))).isEmpty();
    }
}
