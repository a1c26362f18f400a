package dev.unison.notification;

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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Who may call what: every operation of the OpenAPI document, the dashboard's pages and the /q endpoints, for every
 * role. Department members get nothing yet: their own alerts come with department scoping.
 */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class AccessMatrixTest {
    private static final Set<Caller> OPS = EnumSet.of(Caller.OPS);
    private static final Set<Caller> ADMIN = EnumSet.of(Caller.ADMIN);
    private static final Map<String, Set<Caller>> ACCESS = Map.ofEntries(
            Map.entry("GET /alerts", OPS),
            Map.entry("GET /alerts/stats", OPS),
            Map.entry("GET /alerts/stream", OPS),
            Map.entry("GET /alerts/{id}", OPS),
            Map.entry("GET /alerts/{id}/history", OPS),
            Map.entry("GET /alerts/{id}/deliveries", OPS),
            Map.entry("POST /alerts/{id}/acknowledge", OPS),
            Map.entry("POST /alerts/{id}/resolve", OPS),
            Map.entry("GET /alert-groups", OPS),
            Map.entry("GET /alert-groups/{id}", OPS),
            Map.entry("GET /alert-groups/{id}/deliveries", OPS),
            Map.entry("POST /alert-groups/{id}/acknowledge", OPS),
            Map.entry("POST /alert-groups/{id}/resolve", OPS),
            Map.entry("GET /silences", OPS),
            Map.entry("POST /silences", OPS),
            Map.entry("DELETE /silences/{id}", OPS),
            Map.entry("GET /subscriptions", ADMIN),
            Map.entry("POST /subscriptions", ADMIN),
            Map.entry("GET /subscriptions/{id}", ADMIN),
            Map.entry("PUT /subscriptions/{id}", ADMIN),
            Map.entry("DELETE /subscriptions/{id}", ADMIN),
            Map.entry("GET /views/customers/{id}", EnumSet.of(Caller.OPS, Caller.ANALYST)),
            Map.entry("GET /views/rules", EnumSet.of(Caller.OPS, Caller.ANALYST)),
            Map.entry("GET /views/analytics", EnumSet.of(Caller.OPS, Caller.ANALYST)),
            Map.entry("GET /views/ops", OPS),
            Map.entry("GET /", ANY_TOKEN),
            Map.entry("GET /q/openapi", ANY_TOKEN),
            Map.entry("GET /q/metrics", EnumSet.of(Caller.OPS, Caller.ADMIN)),
            Map.entry("GET /q/health/ready", EnumSet.allOf(Caller.class)));

    @TestHTTPResource("/")
    URI base;

    @Test
    void everyOperationAnswersEveryRoleAsTheTableSays() {
        assertThat(AccessMatrix.verify(base, ACCESS)).isGreaterThan(ACCESS.size() * Caller.values().length);
    }

    @Test
    void theDashboardRunsNoInlineScriptAndCannotBeFramed() {
        String page = given().when().get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .extract().asString();
        assertThat(page).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContainPattern("\\son[a-z]+=");
        given().when().get("/app.js").then().statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'self'"));
    }

    @Test
    void crossOriginCallsAreNotAllowedByDefault() {
        given().header("Origin", "https://elsewhere.example").when().get("/alerts/stats").then()
                .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
    }
}
