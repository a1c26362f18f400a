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
 * role. A department member (a token naming departments, no role) may call the alert, group and subscription
 * operations, which then answer only what involves its departments (DepartmentScopeTest proves that).
 */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class AccessMatrixTest {
    private static final Set<Caller> OPS = EnumSet.of(Caller.OPS);
    private static final Set<Caller> ADMIN = EnumSet.of(Caller.ADMIN);
    /** ops and admin see every alert; a department member its departments'. */
    private static final Set<Caller> ALERT_READERS = EnumSet.of(Caller.OPS, Caller.ADMIN, Caller.DEPARTMENT_MEMBER);
    /** admin manages every subscription; a department member its departments'. */
    private static final Set<Caller> SUBSCRIBERS = EnumSet.of(Caller.ADMIN, Caller.DEPARTMENT_MEMBER);
    private static final Map<String, Set<Caller>> ACCESS = Map.ofEntries(
            Map.entry("GET /alerts", ALERT_READERS),
            Map.entry("GET /alerts/stats", ALERT_READERS),
            Map.entry("GET /alerts/stream", ALERT_READERS),
            Map.entry("GET /alerts/{id}", ALERT_READERS),
            Map.entry("GET /alerts/{id}/history", ALERT_READERS),
            Map.entry("GET /alerts/{id}/deliveries", ALERT_READERS),
            Map.entry("POST /alerts/{id}/acknowledge", ALERT_READERS),
            Map.entry("POST /alerts/{id}/resolve", ALERT_READERS),
            Map.entry("GET /alert-groups", ALERT_READERS),
            Map.entry("GET /alert-groups/{id}", ALERT_READERS),
            Map.entry("GET /alert-groups/{id}/deliveries", ALERT_READERS),
            Map.entry("POST /alert-groups/{id}/acknowledge", ALERT_READERS),
            Map.entry("POST /alert-groups/{id}/resolve", ALERT_READERS),
            Map.entry("GET /silences", OPS),
            Map.entry("POST /silences", OPS),
            Map.entry("DELETE /silences/{id}", OPS),
            Map.entry("GET /subscriptions", SUBSCRIBERS),
            Map.entry("POST /subscriptions", SUBSCRIBERS),
            Map.entry("GET /subscriptions/{id}", SUBSCRIBERS),
            Map.entry("PUT /subscriptions/{id}", SUBSCRIBERS),
            Map.entry("DELETE /subscriptions/{id}", SUBSCRIBERS),
            Map.entry("GET /audit", ADMIN),
            Map.entry("GET /views/customers/{id}", EnumSet.of(Caller.OPS, Caller.ANALYST)),
            Map.entry("GET /views/rules", EnumSet.of(Caller.OPS, Caller.ANALYST)),
            Map.entry("GET /views/analytics", EnumSet.of(Caller.OPS, Caller.ANALYST)),
            Map.entry("GET /views/ops", OPS),
            Map.entry("GET /analytics/consistency", EnumSet.of(Caller.OPS, Caller.ANALYST)),
            Map.entry("GET /", ANY_TOKEN),
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

    @Test
    void aCrossOriginPreflightIsRefused() {
        // what a browser asks before a cross-origin POST with a token: no CORS headers come back, so it never sends it
        io.restassured.response.Response preflight = given().auth().none()
                .header("Origin", "https://elsewhere.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type")
                .when().options("/alerts/00000000-0000-0000-0000-000000000000/acknowledge");
        assertThat(preflight.statusCode()).isNotEqualTo(204).isNotEqualTo(200);
        assertThat(preflight.getHeader("Access-Control-Allow-Origin")).isNull();
        assertThat(preflight.getHeader("Access-Control-Allow-Methods")).isNull();
        assertThat(preflight.getHeader("Access-Control-Allow-Headers")).isNull();
    }
}
