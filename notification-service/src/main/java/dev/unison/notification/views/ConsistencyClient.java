package dev.unison.notification.views;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.token.propagation.common.AccessToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** consistency-service (notification.views.consistency-url), called with the signed-in user's access token. */
@RegisterRestClient(configKey = "consistency")
@AccessToken
@Produces(MediaType.APPLICATION_JSON)
public interface ConsistencyClient {
    @GET
    @Path("/rules")
    JsonNode rules();

    @GET
    @Path("/customers/{id}/state")
    JsonNode state(@PathParam("id") String customerId);
}
