package dev.unison.consistency.rest;

import dev.unison.consistency.catalogue.StateReader.StatePart;
import dev.unison.consistency.service.CustomerStateRouter;
import dev.unison.contracts.Problem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.Map;

/** What the detectors currently know of a customer, by rule, whichever instance keeps it. */
@Path("/customers/{id}/state")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerStateResource {
    private final CustomerStateRouter state;

    public CustomerStateResource(CustomerStateRouter state) {
        this.state = state;
    }

    @GET
    public Map<String, Object> get(@PathParam("id") String customerId,
                                   @Parameter(description = "internal: one part (customer or bugs) from this "
                                           + "instance's stores, as one instance asks another")
                                   @QueryParam("part") String part,
                                   @Context HttpHeaders headers) {
        if (part != null) {
            return state.localPart(StatePart.of(part), customerId);
        }
        return state.state(customerId, headers.getHeaderString(HttpHeaders.AUTHORIZATION))
                .orElseThrow(() -> new NotFoundException("the detectors know nothing of customer '" + customerId + "'"));
    }

    /** 503 with Retry-After while the customer's state moves between instances. */
    @ServerExceptionMapper
    public Response moving(CustomerStateRouter.StateMovingException e, UriInfo uri) {
        return Response.status(503).type(Problem.MEDIA_TYPE)
                .header("Retry-After", CustomerStateRouter.StateMovingException.RETRY_AFTER_SECONDS)
                .entity(Problem.of("state-moving", "State moving between instances", 503, e.getMessage(),
                        uri.getPath(), List.of())).build();
    }
}
