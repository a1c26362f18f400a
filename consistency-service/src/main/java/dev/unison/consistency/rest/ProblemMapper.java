package dev.unison.consistency.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.unison.consistency.messaging.SettingsPublisher;
import dev.unison.consistency.service.CustomerStateRouter;
import dev.unison.consistency.service.InvalidRequestException;
import dev.unison.contracts.JsonLimits;
import dev.unison.consistency.service.StoreQueries;
import dev.unison.contracts.InvalidEventException;
import dev.unison.contracts.Problem;
import dev.unison.contracts.rest.Problems;
import dev.unison.contracts.Violation;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/**
 * Every error of this service as an RFC 9457 problem document: a client's mistake is a 4xx naming what is wrong, a
 * passing outage (Kafka, streams not running) a 503 with Retry-After, and only a fault of the service itself a 500.
 */
public class ProblemMapper {
    /** Seconds a client waits before asking again while Kafka or the streams are unavailable. */
    static final String RETRY_AFTER_SECONDS = "5";

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e, UriInfo uri) {
        return problem(Problem.of("invalid-request", "Invalid request", 400, e.getMessage(), uri.getPath(),
                e.violations()));
    }

    /** A draft event that the stream would not take: every bad field by JSON Pointer, as journey-service answers. */
    @ServerExceptionMapper
    public Response invalidEvent(InvalidEventException e, UriInfo uri) {
        return Problems.response(e, uri.getPath());
    }

    @ServerExceptionMapper
    public Response badRequest(IllegalArgumentException e, UriInfo uri) {
        return problem(Problem.of("bad-request", "Bad request", 400, e.getMessage(), uri.getPath(), List.of()));
    }

    /** A body that is not JSON, or JSON of the wrong shape: the field by JSON Pointer where Jackson knows it. */
    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        String pointer = e instanceof JsonMappingException m && !m.getPath().isEmpty() ? pointer(m) : "";
        String message = JsonLimits.forLog(e.getOriginalMessage());
        return problem(Problem.of("invalid-json", "Invalid JSON", 400, "the body is not the JSON expected",
                uri.getPath(), List.of(new Violation(pointer, message))));
    }

    // Quarkus maps these Jackson exceptions itself (an empty or a non-problem 400): the exact types take them over

    @ServerExceptionMapper
    public Response unparsable(JsonParseException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response badFormat(InvalidFormatException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response overLimits(StreamConstraintsException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response mapping(JsonMappingException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response unpublished(SettingsPublisher.PublishException e, UriInfo uri) {
        Log.warnf("Could not publish a change: %s", JsonLimits.forLog(e.getMessage()));
        return unavailable(Problem.of("kafka-unavailable", "Change not accepted", 503,
                "Kafka did not take the change; send it again", uri.getPath(), List.of()));
    }

    @ServerExceptionMapper
    public Response notQueryable(StoreQueries.NotQueryableException e, UriInfo uri) {
        return unavailable(Problem.of("state-unavailable", "State not available now", 503, e.getMessage(),
                uri.getPath(), List.of()));
    }

    /** 503 with Retry-After while a customer's state moves between instances (its state, a check, the suggestions). */
    @ServerExceptionMapper
    public Response moving(CustomerStateRouter.StateMovingException e, UriInfo uri) {
        return Response.status(503).type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.RETRY_AFTER, CustomerStateRouter.StateMovingException.RETRY_AFTER_SECONDS)
                .entity(Problem.of("state-moving", "State moving between instances", 503, e.getMessage(),
                        uri.getPath(), List.of())).build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json, uri);
        }
        int status = e.getResponse().getStatus();
        return problem(Problem.of("http-" + status, e.getResponse().getStatusInfo().getReasonPhrase(), status,
                e.getMessage(), uri.getPath(), List.of()));
    }

    /** A fault of the service: logged with its stack, answered without it. */
    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        Log.errorf(e, "Request to %s failed", JsonLimits.forLog(uri.getPath()));
        return problem(Problem.of("internal-error", "Internal error", 500,
                "the request failed inside the service; see its log", uri.getPath(), List.of()));
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            out.append('/').append(ref.getFieldName() != null
                    ? ref.getFieldName().replace("~", "~0").replace("/", "~1") : Integer.toString(ref.getIndex()));
        }
        return out.toString();
    }

    static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static Response unavailable(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
    }
}
