package dev.unison.journey.rest;

import dev.unison.contracts.rest.QueryParams;
import dev.unison.journey.config.JourneyConfig;
import dev.unison.journey.service.JourneyService;
import dev.unison.journey.service.JourneyService.JourneyPage;
import dev.unison.journey.service.JourneyService.Summary;
import dev.unison.contracts.Erasure;
import dev.unison.journey.messaging.Erasures;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/customers/{customerId}")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerResource {
    private final JourneyService journeys;
    private final JourneyConfig config;
    private final Erasures erasures;
    private final SecurityIdentity caller;

    public CustomerResource(JourneyService journeys, JourneyConfig config, Erasures erasures,
                            SecurityIdentity caller) {
        this.journeys = journeys;
        this.config = config;
        this.erasures = erasures;
        this.caller = caller;
    }

    @DELETE
    @Operation(summary = "Erase the customer everywhere (admin): touches, feedback, alerts and the detectors' state",
            description = "Publishes the request to cx.erasures.v1 and answers 202 once the broker has it; every "
                    + "service deletes what it keeps of the customer when it reads the request.")
    @APIResponse(responseCode = "202", description = "the erasure request, accepted")
    public Response erase(@PathParam("customerId") String customerId) {
        String id = QueryParams.path("customerId", customerId);
        Erasure erasure = erasures.request(id, caller.getPrincipal().getName());
        return Response.accepted(erasure).build();
    }

    @GET
    @Path("/journey")
    @Operation(summary = "A customer's touches across departments in time order, a page at a time")
    public JourneyPage journey(@PathParam("customerId") String customerId,
                               @QueryParam("department") String department,
                               @QueryParam("kind") @Parameter(description = "e.g. answer-given") String kind,
                               @QueryParam("from") @Parameter(description = "inclusive, RFC 3339 or date") String from,
                               @QueryParam("to") @Parameter(description = "exclusive, RFC 3339 or date") String to,
                               @QueryParam("order") @DefaultValue("asc") @Parameter(description = "asc or desc") String order,
                               @QueryParam("cursor") @Parameter(description = "nextCursor of the previous page") String cursor,
                               @QueryParam("limit") @Parameter(description = "1–500, default 50") String limit) {
        if (!order.equals("asc") && !order.equals("desc")) {
            throw new QueryParams.BadParameterException("/query/order", "order must be asc or desc");
        }
        String id = QueryParams.path("customerId", customerId);
        int size = QueryParams.integer("limit", limit, config.query().defaultLimit(), 1, config.query().maxLimit());
        return journeys.journey(id, QueryParams.text("department", department), QueryParams.text("kind", kind),
                QueryParams.time("from", from), QueryParams.time("to", to), order.equals("desc"),
                QueryParams.text("cursor", cursor), size).orElseThrow(() -> notFound(id));
    }

    @GET
    @Path("/summary")
    @Operation(summary = "Departments in touch with the customer, open cases, fields provided, contract renewal")
    public Summary summary(@PathParam("customerId") String customerId) {
        String id = QueryParams.path("customerId", customerId);
        return journeys.summary(id).orElseThrow(() -> notFound(id));
    }

    private static NotFoundException notFound(String customerId) {
        return new NotFoundException("no touches of customer " + customerId);
    }
}
