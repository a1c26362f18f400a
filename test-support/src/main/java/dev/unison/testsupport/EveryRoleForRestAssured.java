package dev.unison.testsupport;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Before each {@code @QuarkusTest} method, RestAssured's default authentication becomes a bearer token with every
 * role, so tests of what an endpoint does need not say who calls it. A test of who may call it sets its own
 * ({@code given().auth().none()}, {@code given().auth().oauth2(TestTokens.withRoles("ops"))}). Loaded by Quarkus
 * through META-INF/services, in the class loader of the test, so it sets the RestAssured the test uses.
 */
public class EveryRoleForRestAssured implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        RestAssured.authentication = RestAssured.oauth2(TestTokens.everyRole());
    }
}
