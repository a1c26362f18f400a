package dev.unison.consistency.rest;

import dev.unison.consistency.messaging.SettingsPublisher;
import dev.unison.consistency.service.InvalidRequestException;
import dev.unison.consistency.service.StoreQueries;
import dev.unison.contracts.Problem;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** Every error of this service as an RFC 9457 problem document. */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e, UriInfo uri) {
        return problem(Problem.of("invalid-request", "Invalid request", 400, e.getMessage(), uri.getPath(),
                e.violations()));
    }

    @ServerExceptionMapper
    public Response badRequest(IllegalArgumentException e, UriInfo uri) {
        return problem(Problem.of("bad-request", "Bad request", 400, e.getMessage(), uri.getPath(), List.of()));
    }

    @ServerExceptionMapper
    public Response unpublished(SettingsPublisher.PublishException e, UriInfo uri) {
        Log.warnf("Could not publish a change: %s", e.getMessage());
        return problem(Problem.of("kafka-unavailable", "Change not accepted", 503,
                "Kafka did not take the change; send it again", uri.getPath(), List.of()));
    }

    @ServerExceptionMapper
    public Response notQueryable(StoreQueries.NotQueryableException e, UriInfo uri) {
        return problem(Problem.of("state-unavailable", "State not available yet", 503, e.getMessage(),
                uri.getPath(), List.of()));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        return problem(Problem.of("http-" + status, e.getResponse().getStatusInfo().getReasonPhrase(), status,
                e.getMessage(), uri.getPath(), List.of()));
    }

    static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
