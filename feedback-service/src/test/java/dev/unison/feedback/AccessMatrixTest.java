package dev.unison.feedback;

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
import static org.assertj.core.api.Assertions.assertThat;

/** Who may call what: every operation of the OpenAPI document and the /q endpoints, for every role. */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class AccessMatrixTest {
    private static final Map<String, Set<Caller>> ACCESS = Map.ofEntries(
            Map.entry("POST /feedback", EnumSet.of(Caller.PUBLISHER)),
            Map.entry("GET /feedback", EnumSet.of(Caller.ANALYST)),
            Map.entry("GET /analytics/satisfaction", EnumSet.of(Caller.ANALYST)),
            Map.entry("GET /analytics/bugs", EnumSet.of(Caller.ANALYST)),
            Map.entry("GET /analytics/impact", EnumSet.of(Caller.ANALYST)),
            Map.entry("GET /q/openapi", ANY_TOKEN),
            Map.entry("GET /q/metrics", EnumSet.of(Caller.METRICS, Caller.OPS, Caller.ADMIN)),
            Map.entry("GET /q/health/ready", EnumSet.allOf(Caller.class)));

    @TestHTTPResource("/")
    URI base;

    @Test
    void everyOperationAnswersEveryRoleAsTheTableSays() {
        assertThat(AccessMatrix.verify(base, ACCESS)).isGreaterThan(ACCESS.size() * Caller.values().length);
    }
}
