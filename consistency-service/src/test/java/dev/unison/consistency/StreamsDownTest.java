package dev.unison.consistency;

import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Health tells the truth: with the streams stopped the service is not ready, and what needs their state answers 503
 * with Retry-After, never 500. Its own profile, so stopping the streams leaves the other tests' application alone.
 */
@QuarkusTest
@TestProfile(StreamsDownTest.Own.class)
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "database", value = "false"))
class StreamsDownTest {
    /** A profile of its own: a fresh application that this test may stop the streams of. */
    public static class Own implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.kafka-streams.application-id", "consistency-service-down-test");
        }
    }

    @Inject
    KafkaStreams streams;

    @Test
    void stoppedStreamsMakeTheServiceNotReadyAndStateRequestsAnswer503WithRetryAfter() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            given().get("/q/health/ready").then().statusCode(200);
            given().get("/rules").then().statusCode(200);
        });

        streams.close(Duration.ofSeconds(30));

        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'Kafka Streams detectors running' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'Kafka Streams detectors running' }.data.state",
                        equalTo("NOT_RUNNING"));
        for (String path : new String[]{"/rules", "/rules/ticket-maze", "/facts", "/facts/anything",
                "/customers/c-1/state"}) {
            given().get(path).then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "5").body("status", equalTo(503));
        }
        given().contentType("application/json").body("{\"threshold\": 4}").put("/rules/ticket-maze").then()
                .statusCode(503).header("Retry-After", "5");
        given().delete("/facts/anything").then().statusCode(503).header("Retry-After", "5");
        given().get("/q/health/ready").then().body("checks.name", hasItem("Kafka Streams detectors running"));
    }
}
