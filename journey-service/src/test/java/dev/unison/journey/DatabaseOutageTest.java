package dev.unison.journey;

import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.Topics;
import dev.unison.contracts.kafka.BatchConsumerLoop;
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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;

/**
 * While the touch table cannot be written, the consumer retries the batch (logged when it fails and once more when
 * it is stuck, not at every retry) and readiness is DOWN; nothing is skipped or dead-lettered.
 */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class DatabaseOutageTest {

    @Test
    void touchesArrivingDuringAnOutageAreStoredOnceTheDatabaseIsBack() throws Exception {
        String customer = TouchEvents.customer();
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger loop = Logger.getLogger(BatchConsumerLoop.class.getName());
        loop.addHandler(handler);
        try (Connection c = UnisonTestResources.database().connect(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE touches RENAME TO touches_offline");
            try {
                KafkaTestClient.send(CloudEventCodec.toKafka(Topics.TOUCHES,
                        TouchEvents.contact(customer, "support", OffsetDateTime.now(ZoneOffset.UTC).minusHours(1))));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        given().when().get("/q/health/ready").then().statusCode(503));
                // a read meanwhile is a passing outage too: 503 problem with Retry-After, not a 500
                given().when().get("/customers/{id}/journey", customer).then().statusCode(503)
                        .contentType("application/problem+json").header("Retry-After", "5")
                        .body("type", endsWith("/storage-unavailable"));
                // retried past journey.consumer.stuck-after (2 s in tests): logged as stuck once, not at every retry
                await().atMost(Duration.ofSeconds(30)).until(() -> logged.stream().anyMatch(m -> m.contains("is stuck")));
                double retried = TouchIngestTest.metric(
                        "unison_consumer_batches_retried_total{group=\"journey-service\",topic=\"cx.touches.v1\"}");
                await().atMost(Duration.ofSeconds(30)).until(() -> TouchIngestTest.metric(
                        "unison_consumer_batches_retried_total{group=\"journey-service\",topic=\"cx.touches.v1\"}")
                        >= retried + 2);
            } finally {
                s.execute("ALTER TABLE touches_offline RENAME TO touches");
            }
        } finally {
            loop.removeHandler(handler);
        }
        assertThat(logged.stream().filter(m -> m.contains("is stuck"))).hasSize(1);
        assertThat(logged.stream().filter(m -> m.startsWith("WARN") && m.contains("failed, retrying"))).hasSize(1);
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
