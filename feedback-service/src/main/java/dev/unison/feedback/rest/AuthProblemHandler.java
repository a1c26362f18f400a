package dev.unison.feedback.rest;

import dev.unison.contracts.rest.AuthProblems;
import io.quarkus.oidc.runtime.OidcAuthenticationMechanism;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** 401 and 403 of the HTTP security layer as problem+json, like every other error of this service. */
@Singleton
public class AuthProblemHandler extends AuthProblems.Challenge {

    AuthProblemHandler(OidcAuthenticationMechanism oidc) {
        super(oidc);
    }

    void register(@Observes Router router) {
        AuthProblems.register(router);
    }
}
