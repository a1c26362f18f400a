package dev.unison.feedback;

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
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasSize;

/** While the feedback table cannot be written, the consumer retries the batch; nothing is skipped. */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class DatabaseOutageTest {

    @Test
    void feedbackArrivingDuringAnOutageIsStoredOnceTheDatabaseIsBack() throws Exception {
        String customer = FeedbackEvents.customer();
        try (Connection c = UnisonTestResources.database().connect(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE feedback RENAME TO feedback_offline");
            try {
                KafkaTestClient.send(CloudEventCodec.toKafka(Topics.FEEDBACK, FeedbackEvents.survey(customer,
                        "support", "phone", "csat", 5, OffsetDateTime.now(ZoneOffset.UTC).minusHours(1))));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        given().when().get("/q/health/ready").then().statusCode(503));
                // reads meanwhile, through Panache and through JDBC: a passing outage, 503 with Retry-After, not a 500
                given().queryParam("customerId", customer).when().get("/feedback").then().statusCode(503)
                        .contentType("application/problem+json").header("Retry-After", "5")
                        .body("type", endsWith("/storage-unavailable"));
                given().when().get("/analytics/satisfaction").then().statusCode(503)
                        .body("type", endsWith("/storage-unavailable"));
            } finally {
                s.execute("ALTER TABLE feedback_offline RENAME TO feedback");
            }
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().queryParam("customerId", customer).when().get("/feedback").then().statusCode(200)
                        .body("$", hasSize(1)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));
    }
}
