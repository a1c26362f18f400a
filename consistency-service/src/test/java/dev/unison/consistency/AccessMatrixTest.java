package dev.unison.consistency;

import dev.unison.testsupport.AccessMatrix;
import dev.unison.testsupport.AccessMatrix.Caller;
import dev.unison.testsupport.TestTokens;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.unison.testsupport.AccessMatrix.ANY_TOKEN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Who may call what: every operation of the OpenAPI document and the /q endpoints, for every role. */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "database", value = "false"))
class AccessMatrixTest {
    private static final Set<Caller> READERS = EnumSet.of(Caller.ADMIN, Caller.OPS, Caller.ANALYST);
    private static final Map<String, Set<Caller>> ACCESS = Map.ofEntries(
            Map.entry("GET /rules", READERS),
            Map.entry("GET /rules/{rule}", READERS),
            Map.entry("PUT /rules/{rule}", EnumSet.of(Caller.ADMIN)),
            Map.entry("GET /facts", READERS),
            Map.entry("GET /facts/{question}", READERS),
            Map.entry("GET /facts/suggestions", READERS),
            Map.entry("POST /facts/suggestions/{question}/accept", EnumSet.of(Caller.ADMIN)),
            Map.entry("PUT /facts/{question}", EnumSet.of(Caller.ADMIN)),
            Map.entry("DELETE /facts/{question}", EnumSet.of(Caller.ADMIN)),
            Map.entry("GET /customers/{id}/state", EnumSet.of(Caller.OPS, Caller.ANALYST)),
            Map.entry("POST /check", EnumSet.of(Caller.PUBLISHER, Caller.ANALYST, Caller.OPS, Caller.ADMIN,
                    Caller.DEPARTMENT_MEMBER)),
            Map.entry("GET /q/openapi", ANY_TOKEN),
            Map.entry("GET /q/metrics", EnumSet.of(Caller.METRICS, Caller.OPS, Caller.ADMIN)),
            Map.entry("GET /q/health/live", EnumSet.allOf(Caller.class)));

    @TestHTTPResource("/")
    URI base;

    @Test
    void everyOperationAnswersEveryRoleAsTheTableSays() {
        assertThat(AccessMatrix.verify(base, ACCESS)).isGreaterThan(ACCESS.size() * Caller.values().length);
    }

    @Test
    void whoRegistersAFactIsTheSignedInCallerNotWhatTheBodySays() {
        String question = "actor-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(TestTokens.token("ana", Set.of("admin"), Set.of()))
                .contentType(ContentType.JSON).body(Map.of("answer", "30 days", "registeredBy", "someone-else"))
                .put("/facts/" + question).then().statusCode(200).body("registeredBy", equalTo("ana"));
    }
}
