package dev.unison.journey;

import dev.unison.testsupport.AccessMatrix;
import dev.unison.testsupport.AccessMatrix.Caller;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static dev.unison.testsupport.AccessMatrix.ANY_TOKEN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

/** Who may call what: every operation of the OpenAPI document and the /q endpoints, for every role. */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class AccessMatrixTest {
    private static final Map<String, Set<Caller>> ACCESS = Map.ofEntries(
            Map.entry("POST /touches", EnumSet.of(Caller.PUBLISHER)),
            Map.entry("GET /customers/{customerId}/journey", EnumSet.of(Caller.ANALYST)),
            Map.entry("GET /customers/{customerId}/summary", EnumSet.of(Caller.ANALYST)),
            Map.entry("DELETE /customers/{customerId}", EnumSet.of(Caller.ADMIN)),
            Map.entry("GET /analytics/touches", EnumSet.of(Caller.ANALYST)),
            Map.entry("GET /analytics/handoffs", EnumSet.of(Caller.ANALYST)),
            Map.entry("GET /analytics/customers-touched", EnumSet.of(Caller.ANALYST, Caller.OPS, Caller.ADMIN)),
            Map.entry("GET /schemas", ANY_TOKEN),
            Map.entry("GET /schemas/{name}", ANY_TOKEN),
            Map.entry("GET /asyncapi", ANY_TOKEN),
            Map.entry("GET /q/openapi", ANY_TOKEN),
            Map.entry("GET /q/metrics", EnumSet.of(Caller.METRICS, Caller.OPS, Caller.ADMIN)),
            Map.entry("GET /q/health/ready", EnumSet.allOf(Caller.class)));

    @TestHTTPResource("/")
    URI base;

    @Test
    void everyOperationAnswersEveryRoleAsTheTableSays() {
        assertThat(AccessMatrix.verify(base, ACCESS)).isGreaterThan(ACCESS.size() * Caller.values().length);
    }

    @Test
    void theTestsOwnRequestsCarryATokenOfEveryRoleUnlessTheySayOtherwise() {
        given().when().get("/analytics/handoffs").then().statusCode(200);
        given().auth().none().when().get("/analytics/handoffs").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", is("Bearer"))
                .body("status", is(401)).body("instance", is("/analytics/handoffs"));
    }
}
