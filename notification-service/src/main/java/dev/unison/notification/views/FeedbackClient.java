package dev.unison.notification.views;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.token.propagation.common.AccessToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** feedback-service (notification.views.feedback-url), called with the signed-in user's access token. */
@RegisterRestClient(configKey = "feedback")
@AccessToken
@Produces(MediaType.APPLICATION_JSON)
public interface FeedbackClient {
    @GET
    @Path("/analytics/satisfaction")
    JsonNode satisfaction(@QueryParam("from") String from, @QueryParam("to") String to,
                          @QueryParam("groupBy") String groupBy, @QueryParam("period") String period);

    @GET
    @Path("/analytics/impact")
    JsonNode impact(@QueryParam("from") String from, @QueryParam("to") String to);
}
