package dev.unison.consistency.rest;

import dev.unison.consistency.catalogue.StateReader.StatePart;
import dev.unison.consistency.service.CustomerStateRouter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

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
}
