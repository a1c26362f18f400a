package dev.unison.consistency.rest;

import dev.unison.consistency.service.CustomerStateService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/** What the detectors currently know of a customer, by rule. */
@Path("/customers/{id}/state")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerStateResource {
    private final CustomerStateService state;

    public CustomerStateResource(CustomerStateService state) {
        this.state = state;
    }

    @GET
    public Map<String, Object> get(@PathParam("id") String customerId) {
        return state.state(customerId)
                .orElseThrow(() -> new NotFoundException("the detectors know nothing of customer '" + customerId + "'"));
    }
}
