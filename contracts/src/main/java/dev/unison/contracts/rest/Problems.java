package dev.unison.contracts.rest;

import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.InvalidEventException;
import dev.unison.contracts.JsonLimits;
import dev.unison.contracts.Problem;
import dev.unison.contracts.Violation;
import dev.unison.contracts.kafka.ReliableProducer;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

/**
 * How the ingesting services answer every failure of a request: an RFC 9457 problem document. A service's exception
 * mapper hands each exception here.
 */
public final class Problems {
    private static final Logger LOG = Logger.getLogger(Problems.class);

    private static final String MEDIA_TYPES = CloudEventCodec.STRUCTURED_CONTENT_TYPE + ", "
            + CloudEventCodec.BATCH_CONTENT_TYPE + " or application/json";

    private Problems() {
    }

    /**
     * Refuses a POST or PUT without a content-type, which the JAX-RS runtime would otherwise take as a byte stream.
     *
     * @throws NotSupportedException answered 415
     */
    public static void requireContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw new NotSupportedException("a content-type is required");
        }
    }

    /**
     * What a request filter answers before the body is read, judged by its Content-Length header: a 400 problem when
     * the header is not a number, a 413 problem when it is over {@code maxBodyBytes}, nothing when it is within (or
     * absent: the HTTP layer's own limit holds such a body).
     */
    public static Optional<Problem> overBodyLimit(String contentLength, long maxBodyBytes, String path) {
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

    /** The request body is larger than the service takes. */
    public static class PayloadTooLargeException extends RuntimeException {
        public PayloadTooLargeException(String message) {
            super(message);
        }
    }

    public static Response response(Throwable e, String path) {
        Problem problem = problem(e, path);
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    static Problem problem(Throwable e, String path) {
        if (e instanceof InvalidEventException invalid) {
            return Problem.of("invalid-event", "Invalid event", 400,
                    invalid.violations().size() + " problem(s) in the submitted event(s)", path, invalid.violations());
        }
        if (e instanceof QueryParams.BadParameterException bad) {
            return Problem.of("bad-request", "Bad request", 400, e.getMessage(), path,
                    List.of(new Violation(bad.pointer(), e.getMessage())));
        }
        if (e instanceof IllegalArgumentException) {
            return Problem.of("bad-request", "Bad request", 400, e.getMessage(), path, List.of());
        }
        if (e instanceof PayloadTooLargeException) {
            return Problem.of("payload-too-large", "Payload too large", 413, e.getMessage(), path, List.of());
        }
        if (e instanceof ReliableProducer.PublishException) {
            LOG.warnf("Could not publish events: %s", e.getMessage());
            return Problem.of("kafka-unavailable", "Events not accepted", 503,
                    "Kafka did not take the events; send them again (repeats are stored once)", path, List.of());
        }
        if (e instanceof NotSupportedException) {
            return Problem.of("unsupported-media-type", "Unsupported media type", 415, "send the body with a "
                    + "content-type the endpoint takes: " + MEDIA_TYPES, path,
                    List.of(new Violation("/header/content-type", "missing or not one of " + MEDIA_TYPES)));
        }
        if (e instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            return Problem.of("http-" + status, web.getResponse().getStatusInfo().getReasonPhrase(), status,
                    e.getMessage(), path, List.of());
        }
        LOG.errorf(e, "Request to %s failed", JsonLimits.forLog(path));
        return Problem.of("internal-error", "Internal error", 500, "the request failed inside the service; see its log",
                path, List.of());
    }
}
