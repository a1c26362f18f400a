package dev.unison.feedback;

import dev.unison.contracts.Erasure;
import dev.unison.testsupport.KafkaTestClient;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

/** An erasure request on cx.erasures.v1 deletes the customer's feedback, nobody else's. */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class ErasureTest {
    private static final OffsetDateTime T0 = OffsetDateTime.now(ZoneOffset.UTC).minusDays(2).withNano(0);

    @Test
    void theErasedCustomersFeedbackGoesAndTheOthersStays() {
        String erased = FeedbackEvents.customer();
        String kept = FeedbackEvents.customer();
        for (String customer : List.of(erased, kept)) {
            for (var event : List.of(FeedbackEvents.complaint(customer, "billing", "email", T0),
                    FeedbackEvents.praise(customer, "support", "chat", T0.plusHours(1)),
                    FeedbackEvents.bugReport(customer, "product", "BUG-" + customer, null, T0.plusHours(2)))) {
                given().contentType("application/cloudevents+json").body(event.toString())
                        .when().post("/feedback").then().statusCode(202);
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String customer : List.of(erased, kept)) {
                given().queryParam("customerId", customer).get("/feedback").then().statusCode(200)
                        .body("$", hasSize(3));
            }
        });

        KafkaTestClient.send(Erasure.request(erased, "admin").toRecord());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().queryParam("customerId", erased).get("/feedback").then().statusCode(200)
                        .body("$", hasSize(0)));
        given().queryParam("customerId", kept).get("/feedback").then().statusCode(200).body("$", hasSize(3));
    }
}
