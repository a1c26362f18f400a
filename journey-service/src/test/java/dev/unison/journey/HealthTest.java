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
import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
                        "/customers/{customerId}/summary", "/analytics/touches", "/analytics/handoffs", "/schemas", "/asyncapi"));
    }

    @Test
    void theAsyncApiDocumentIsServedAndEveryPayloadItNamesIsServedBesideIt() {
        String document = given().when().get("/asyncapi").then()
                .statusCode(200)
                .contentType("application/yaml")
                .extract().asString();
        assertThat(document).startsWith("asyncapi: 3.0.0").contains("address: cx.touches.v1");
        Matcher ref = Pattern.compile("\\$ref: '(schemas/[^']+)'").matcher(document);
        int refs = 0;
        while (ref.find()) {
            given().when().get("/" + ref.group(1)).then().statusCode(200);
            refs++;
        }
        assertThat(refs).as("payload schemas named").isGreaterThanOrEqualTo(18);
    }
}
