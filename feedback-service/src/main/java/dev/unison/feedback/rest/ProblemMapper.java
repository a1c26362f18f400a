package dev.unison.feedback.rest;

import dev.unison.contracts.InvalidEventException;
import dev.unison.contracts.Problem;
import dev.unison.contracts.kafka.ReliableProducer;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** Every error of this service as an RFC 9457 problem document. */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response invalidEvent(InvalidEventException e, UriInfo uri) {
        return problem(Problem.of("invalid-event", "Invalid event", 400,
                e.violations().size() + " problem(s) in the submitted event(s)", uri.getPath(), e.violations()));
    }

    @ServerExceptionMapper
    public Response badRequest(IllegalArgumentException e, UriInfo uri) {
        return problem(Problem.of("bad-request", "Bad request", 400, e.getMessage(), uri.getPath(), List.of()));
    }

    @ServerExceptionMapper
    public Response tooLarge(PayloadTooLargeException e, UriInfo uri) {
        return problem(Problem.of("payload-too-large", "Payload too large", 413, e.getMessage(), uri.getPath(),
                List.of()));
    }

    @ServerExceptionMapper
    public Response unpublished(ReliableProducer.PublishException e, UriInfo uri) {
        Log.warnf("Could not publish feedback: %s", e.getMessage());
        return problem(Problem.of("kafka-unavailable", "Events not accepted", 503,
                "Kafka did not take the events; send them again (repeats are stored once)", uri.getPath(), List.of()));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        return problem(Problem.of("http-" + status, e.getResponse().getStatusInfo().getReasonPhrase(), status,
                e.getMessage(), uri.getPath(), List.of()));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        Log.errorf(e, "Request to %s failed", uri.getPath());
        return problem(Problem.of("internal-error", "Internal error", 500,
                "the request failed inside the service; see its log", uri.getPath(), List.of()));
    }

    static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** The request body is larger than the service takes. */
    public static class PayloadTooLargeException extends RuntimeException {
        public PayloadTooLargeException(String message) {
            super(message);
        }
    }
}
