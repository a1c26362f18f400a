package dev.unison.notification.views;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.token.propagation.common.AccessToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** journey-service (notification.views.journey-url), called with the signed-in user's access token. */
@RegisterRestClient(configKey = "journey")
@AccessToken
@Produces(MediaType.APPLICATION_JSON)
public interface JourneyClient {
    @GET
    @Path("/customers/{id}/journey")
    JsonNode journey(@PathParam("id") String customerId, @QueryParam("limit") int limit,
                     @QueryParam("cursor") String cursor);

    @GET
    @Path("/customers/{id}/summary")
    JsonNode summary(@PathParam("id") String customerId);

    @GET
    @Path("/analytics/touches")
    JsonNode touches(@QueryParam("from") String from, @QueryParam("to") String to,
                     @QueryParam("groupBy") String groupBy);

    @GET
    @Path("/analytics/customers-touched")
    JsonNode customersTouched(@QueryParam("from") String from, @QueryParam("to") String to);

    @GET
    @Path("/analytics/handoffs")
    JsonNode handoffs(@QueryParam("from") String from, @QueryParam("to") String to);
}
