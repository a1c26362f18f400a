package dev.unison.runtime.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.unison.contracts.InvalidEventException;
import dev.unison.contracts.JsonLimits;
import dev.unison.contracts.PayloadTooLargeException;
import dev.unison.contracts.Problem;
import dev.unison.contracts.Violation;
import dev.unison.contracts.kafka.Failures;
import dev.unison.contracts.kafka.ReliableProducer;
import dev.unison.contracts.rest.QueryParams;
import dev.unison.runtime.storage.StorageException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Every error of every Unison service as an RFC 9457 problem document: a client's mistake is a 4xx naming what is
 * wrong (the field by JSON Pointer where there is one), a passing outage (Kafka, the database, state stores) a 503
 * with Retry-After, and only a fault of the service itself a 500, whose details stay in the log. A new endpoint
 * throws one of the exceptions below and needs no mapping of its own; {@link #problem(Throwable, String)} lists them.
 */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    /** Seconds a client waits before asking again while something the service needs is away. */
    public static final String RETRY_AFTER_SECONDS = "5";

    /** Anything thrown by a resource; the JSON mappers below take over what Quarkus would answer itself. */
    @ServerExceptionMapper
    public Response map(Exception e, UriInfo uri) {
        return response(e, uri.getPath());
    }

    // Quarkus maps these Jackson exceptions itself (an empty or a non-problem 400): the exact types take them over

    @ServerExceptionMapper
    public Response unparsable(JsonParseException e, UriInfo uri) {
        return response(e, uri.getPath());
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return response(e, uri.getPath());
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        return response(e, uri.getPath());
    }

    @ServerExceptionMapper
    public Response badFormat(InvalidFormatException e, UriInfo uri) {
        return response(e, uri.getPath());
    }

    @ServerExceptionMapper
    public Response overLimits(StreamConstraintsException e, UriInfo uri) {
        return response(e, uri.getPath());
    }

    @ServerExceptionMapper
    public Response mapping(JsonMappingException e, UriInfo uri) {
        return response(e, uri.getPath());
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        return response(e, uri.getPath());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        return response(e, uri.getPath());
    }

    /** The problem document of an exception as a response (503s with Retry-After). */
    public static Response response(Throwable e, String path) {
        return response(problem(e, path));
    }

    public static Response response(Problem problem) {
        Response.ResponseBuilder response = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (problem.status() == 503) {
            response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return response.build();
    }

    /** 404 "&lt;what&gt; not found", for a resource that answers an unknown id. */
    public static Response notFound(String what, UriInfo uri) {
        return response(Problem.of("not-found", "Not found", 404, what + " not found", uri.getPath(), List.of()));
    }

    /** 400 listing the first 100 violations; the detail says how many there were and names the first three. */
    public static Response invalid(List<Violation> violations, String path) {
        return response(invalidRequest(violations, path));
    }

    /** What each exception is answered with. */
    public static Problem problem(Throwable e, String path) {
        if (e instanceof InvalidEventException invalid) {
            return Problem.of("invalid-event", "Invalid event", 400,
                    invalid.violations().size() + " problem(s) in the submitted event(s)", path, invalid.violations());
        }
        if (e instanceof InvalidRequestException invalid) {
            return invalidRequest(invalid.violations(), path);
        }
        if (e instanceof QueryParams.BadParameterException bad) {
            return Problem.of("bad-request", "Bad request", 400, e.getMessage(), path,
                    List.of(new Violation(bad.pointer(), e.getMessage())));
        }
        if (e instanceof IllegalArgumentException) {
            return Problem.of("bad-request", "Bad request", 400, e.getMessage(), path, List.of());
        }
        if (e instanceof JsonProcessingException json) {
            return unreadable(json, path);
        }
        if (e instanceof ForbiddenRequestException forbidden) {
            return Problem.of("forbidden", "Forbidden", 403, e.getMessage(), path,
                    List.of(new Violation(forbidden.pointer(), e.getMessage())));
        }
        if (e instanceof ConflictException) {
            return Problem.of("conflict", "Conflict", 409, e.getMessage(), path, List.of());
        }
        if (e instanceof PayloadTooLargeException) {
            return Problem.of("payload-too-large", "Payload too large", 413, e.getMessage(), path, List.of());
        }
        if (e instanceof ReliableProducer.PublishException) {
            LOG.warnf("Could not publish events: %s", JsonLimits.forLog(e.getMessage()));
            return Problem.of("kafka-unavailable", "Events not accepted", 503,
                    "Kafka did not take the events; send them again (repeats are stored once)", path, List.of());
        }
        if (e instanceof UnavailableException unavailable) {
            LOG.warnf("Request to %s: %s", JsonLimits.forLog(path), JsonLimits.forLog(e.getMessage()));
            return Problem.of(unavailable.slug(), unavailable.title(), 503, unavailable.advice(), path, List.of());
        }
        if (storageAway(e)) {
            LOG.warnf("Request to %s: %s", JsonLimits.forLog(path), JsonLimits.forLog(e.getMessage()));
            return Problem.of("storage-unavailable", "Storage unavailable", 503,
                    "the database is not available now; send the request again", path, List.of());
        }
        if (e instanceof NotSupportedException) {
            return Problem.of("unsupported-media-type", "Unsupported media type", 415, "send the body with a "
                    + "content-type the endpoint takes", path,
                    List.of(new Violation("/header/content-type", "missing or not one the endpoint takes")));
        }
        if (e instanceof WebApplicationException web) {
            if (web.getCause() instanceof JsonProcessingException json) {
                return unreadable(json, path);
            }
            int status = web.getResponse().getStatus();
            return Problem.of("http-" + status, web.getResponse().getStatusInfo().getReasonPhrase(), status,
                    e.getMessage(), path, List.of());
        }
        LOG.errorf(e, "Request to %s failed", JsonLimits.forLog(path));
        return Problem.of("internal-error", "Internal error", 500, "the request failed inside the service; see its log",
                path, List.of());
    }

    /**
     * The database failed for a passing reason (away, a lost connection, a missing table): a {@link StorageException}
     * of a repository, or an exception of Hibernate ORM with an SQLException among its causes, that is not a data
     * error ({@link Failures#isDataError}).
     */
    static boolean storageAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StorageException || t instanceof java.sql.SQLException) {
                return !Failures.isDataError(e);
            }
        }
        return false;
    }

    private static Problem invalidRequest(List<Violation> violations, String path) {
        int max = JsonLimits.MAX_LISTED_ERRORS;
        List<Violation> shown = violations.size() > max ? violations.subList(0, max) : violations;
        String detail = violations.size() + " problem(s)" + (violations.size() > max
                ? ", the first " + max + " listed" : "") + ": "
                + shown.stream().limit(3).map(Violation::toString).collect(Collectors.joining("; "))
                + (shown.size() > 3 ? "; …" : "");
        return Problem.of("invalid-request", "Invalid request", 400, detail, path, violations);
    }

    /** A body that is not JSON, or JSON of the wrong shape: the field by JSON Pointer where Jackson knows it. */
    private static Problem unreadable(JsonProcessingException e, String path) {
        String pointer = e instanceof JsonMappingException m && !m.getPath().isEmpty() ? pointer(m) : "";
        return Problem.of("invalid-request", "Invalid request", 400, "the body is not the JSON expected", path,
                List.of(new Violation(pointer, JsonLimits.forLog(e.getOriginalMessage()))));
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            out.append('/').append(ref.getFieldName() != null
                    ? ref.getFieldName().replace("~", "~0").replace("/", "~1") : Integer.toString(ref.getIndex()));
        }
        return out.toString();
    }
}
