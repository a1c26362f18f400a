package dev.unison.notification.rest;

import dev.unison.contracts.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
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
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        long bytes;
        try {
            bytes = length == null ? 0 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Optional.of(ProblemMapper.problem(Problem.of("bad-request", "Bad request", 400,
                    "Content-Length is not a number", request.getUriInfo().getPath(), List.of())));
        }
        if (bytes <= maxBodyBytes) {
            return Optional.empty();
        }
        return Optional.of(ProblemMapper.problem(Problem.of("payload-too-large", "Payload too large", 413,
                "body of " + bytes + " bytes exceeds the limit of " + maxBodyBytes + " bytes",
                request.getUriInfo().getPath(), List.of())));
    }
}
