package dev.unison.notification.rest;

import dev.unison.contracts.rest.Problems;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/**
 * Answers 413 (problem+json) to a body larger than {@code notification.max-body-bytes} before it is read, by its
 * Content-Length (a body sent without one is held to {@code quarkus.http.limits.max-body-size}).
 */
public class BodyLimitFilter {
    private final long maxBodyBytes;

    public BodyLimitFilter(@ConfigProperty(name = "notification.max-body-bytes", defaultValue = "1048576")
                           long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> limit(ContainerRequestContext request) {
        return Problems.overBodyLimit(request.getHeaderString(HttpHeaders.CONTENT_LENGTH), maxBodyBytes,
                request.getUriInfo().getPath()).map(ProblemMapper::problem);
    }
}
