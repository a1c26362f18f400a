package dev.unison.runtime.rest;

import dev.unison.contracts.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Optional;

/**
 * Answers 413 (problem+json) to a body larger than {@code unison.http.max-body-bytes} before it is read, judged by
 * its Content-Length (a body sent without one is held to {@code quarkus.http.limits.max-body-size}), and 400 to a
 * Content-Length that is not a number.
 */
public class BodyLimitFilter {
    private final Optional<Long> maxBodyBytes;

    public BodyLimitFilter(HttpLimits limits) {
        this.maxBodyBytes = limits.maxBodyBytes();
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> limit(ContainerRequestContext request) {
        return maxBodyBytes.flatMap(max -> overLimit(request.getHeaderString(HttpHeaders.CONTENT_LENGTH), max,
                request.getUriInfo().getPath())).map(ProblemMapper::response);
    }

    /** The problem of a Content-Length over {@code maxBodyBytes} or not a number; nothing when it is within or absent. */
    static Optional<Problem> overLimit(String contentLength, long maxBodyBytes, String path) {
        long bytes;
        try {
            bytes = contentLength == null ? 0 : Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            return Optional.of(Problem.of("bad-request", "Bad request", 400, "Content-Length is not a number", path,
                    List.of()));
        }
        if (bytes <= maxBodyBytes) {
            return Optional.empty();
        }
        return Optional.of(Problem.of("payload-too-large", "Payload too large", 413,
                "body of " + bytes + " bytes exceeds the limit of " + maxBodyBytes + " bytes", path, List.of()));
    }
}
