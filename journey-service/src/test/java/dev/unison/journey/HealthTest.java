package dev.unison.journey;

import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class HealthTest {

    @Test
    void readinessReportsKafkaAndDatabaseUp() {
        // the touch consumer is ready once it has joined its group and got its partitions
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItems("Kafka connection health check", "Database connections health check",
                        "touch consumer")));
    }

    @Test
    void openApiDescribesTheEndpoints() {
        given().queryParam("format", "json").when().get("/q/openapi").then()
                .statusCode(200)
                .body("paths.keySet()", hasItems("/touches", "/customers/{customerId}/journey",
                        "/customers/{customerId}/summary", "/analytics/touches", "/analytics/handoffs", "/schemas"));
    }
}
