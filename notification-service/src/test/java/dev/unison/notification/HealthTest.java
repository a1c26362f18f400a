package dev.unison.notification;

import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class HealthTest {

    @Test
    void readinessReportsKafkaDatabaseAndAlertConsumerUp() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItems("Kafka connection health check", "Database connections health check",
                        "alert consumer"));
    }

    @Test
    void dashboardOpenApiAndMetricsAreServed() {
        given().when().get("/").then().statusCode(200)
                .body(containsString("<script src=\"app.js\"></script>"));
        given().when().get("/app.js").then().statusCode(200).body(containsString("EventSource"));
        given().when().get("/q/openapi").then().statusCode(200)
                .body(containsString("/subscriptions"), containsString("/alerts/{id}/deliveries"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("unison_alerts_stored_total"));
    }
}
