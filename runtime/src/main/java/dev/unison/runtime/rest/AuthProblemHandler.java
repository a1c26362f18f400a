package dev.unison.runtime.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Problem;
import io.quarkus.oidc.runtime.OidcAuthenticationMechanism;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * 401 and 403 of the HTTP security layer as RFC 9457 problem documents, like every other error. The layer refuses a
 * request before any resource sees it: a bad token or a missing role fails the request (a failure handler of the
 * router answers, see {@link #register}); a request without any token is answered by the authentication mechanism's
 * challenge, which this bean wraps: it ranks just above OIDC's mechanism, authenticates nothing itself and sends
 * OIDC's challenge with a problem document as the body of a 401. A 401 keeps {@code WWW-Authenticate: Bearer}; a
 * challenge that is a redirect to the identity provider's sign-in page (a browser without a session) stays one.
 */
@Singleton
public class AuthProblemHandler implements HttpAuthenticationMechanism {
    private final HttpAuthenticationMechanism oidc;

    AuthProblemHandler(OidcAuthenticationMechanism oidc) {
        this.oidc = oidc;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        return Uni.createFrom().nullItem(); // OIDC's mechanism authenticates
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return oidc.getChallenge(context);
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        return oidc.getChallenge(context).map(challenge -> {
            answer(context, challenge, null);
            return true;
        });
    }

    @Override
    public int getPriority() {
        return oidc.getPriority() + 1;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(AuthProblemHandler::handle);
    }

    static void handle(RoutingContext context) {
        Throwable failure = context.failure();
        if (failure instanceof ForbiddenException) {
            send(context, 403, Problem.of("forbidden", "Forbidden", 403,
                    "the token's roles do not allow this request", context.request().path(), List.of()));
        } else if (failure instanceof UnauthorizedException || failure instanceof AuthenticationFailedException) {
            HttpAuthenticator authenticator = context.get(HttpAuthenticator.class.getName());
            if (authenticator == null) {
                unauthorized(context, failure, null);
                return;
            }
            authenticator.getChallenge(context).subscribe().with(challenge -> answer(context, challenge, failure),
                    e -> unauthorized(context, failure, null));
        } else {
            context.next();
        }
    }

    private static void answer(RoutingContext context, ChallengeData challenge, Throwable failure) {
        if (challenge != null && challenge.status != 401) {
            context.response().setStatusCode(challenge.status);
            challenge.getHeaders().forEach(context.response()::putHeader);
            context.response().end();
        } else {
            unauthorized(context, failure, challenge);
        }
    }

    private static void unauthorized(RoutingContext context, Throwable failure, ChallengeData challenge) {
        if (challenge != null && !challenge.getHeaders().isEmpty()) {
            challenge.getHeaders().forEach(context.response()::putHeader);
        } else {
            context.response().putHeader("WWW-Authenticate", "Bearer");
        }
        String detail = failure instanceof AuthenticationFailedException
                ? "the bearer token was not accepted (signature, issuer, audience or expiry)"
                : "a bearer token of the identity provider is required";
        send(context, 401, Problem.of("unauthorized", "Unauthorized", 401, detail, context.request().path(),
                List.of()));
    }

    private static void send(RoutingContext context, int status, Problem problem) {
        if (context.response().ended()) {
            return;
        }
        try {
            context.response().setStatusCode(status).putHeader("content-type", Problem.MEDIA_TYPE)
                    .end(EventJson.MAPPER.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            context.response().setStatusCode(status).end();
        }
    }
}
