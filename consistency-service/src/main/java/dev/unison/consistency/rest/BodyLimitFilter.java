package dev.unison.consistency.rest;

import dev.unison.consistency.config.ConsistencyConfig;
import dev.unison.contracts.rest.Problems;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/**
 * Answers 413 to a body larger than {@code consistency.max-body-bytes} before it is read, by its Content-Length (a
 * body sent without one is held to {@code quarkus.http.limits.max-body-size}).
 */
public class BodyLimitFilter {
    private final int maxBodyBytes;

    public BodyLimitFilter(ConsistencyConfig config) {
        this.maxBodyBytes = config.maxBodyBytes();
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> limit(ContainerRequestContext request) {
        return Problems.overBodyLimit(request.getHeaderString(HttpHeaders.CONTENT_LENGTH), maxBodyBytes,
                request.getUriInfo().getPath()).map(ProblemMapper::problem);
    }
}
