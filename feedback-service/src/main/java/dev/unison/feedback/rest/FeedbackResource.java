package dev.unison.feedback.rest;

import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.rest.QueryParams;
import dev.unison.feedback.repository.StoredFeedback;
import dev.unison.feedback.service.FeedbackIngestService;
import dev.unison.feedback.service.FeedbackQueryService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.List;

@Path("/feedback")
public class FeedbackResource {
    private final FeedbackIngestService ingest;
    private final FeedbackQueryService queries;

    public FeedbackResource(FeedbackIngestService ingest, FeedbackQueryService queries) {
        this.ingest = ingest;
        this.queries = queries;
    }

    /** What the service took: the events' ids in order. */
    public record Accepted(int accepted, List<String> ids) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A customer's stored feedback in time order")
    public List<StoredFeedback> byCustomer(@QueryParam("customerId") String customerId,
                                           @QueryParam("limit") @Parameter(description = "1–500, default 100")
                                           String limit) {
        return queries.byCustomer(QueryParams.text("customerId", customerId),
                QueryParams.integer("limit", limit, 100, 1, FeedbackQueryService.MAX_LIMIT));
    }

    @POST
    @Consumes({CloudEventCodec.STRUCTURED_CONTENT_TYPE, CloudEventCodec.BATCH_CONTENT_TYPE, MediaType.APPLICATION_JSON})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit one feedback event (application/cloudevents+json or application/json) or a batch "
            + "(application/cloudevents-batch+json)",
            description = "Each event is validated against the envelope and its type's schema (plus the scale of "
                    + "survey scores), then published to cx.feedback.v1. A batch is taken whole or not at all.")
    @APIResponse(responseCode = "202", description = "Published to Kafka; stored shortly after")
    @APIResponse(responseCode = "400", description = "problem+json naming each bad field by JSON Pointer "
            + "(prefixed with /<index> in a batch)")
    @APIResponse(responseCode = "413",
            description = "Body larger than feedback.max-body-bytes, or an event over 512 KiB")
    @APIResponse(responseCode = "415", description = "No content-type, or not one of those above")
    public Response submit(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        List<String> ids = ingest.submit(body, contentType);
        return Response.accepted(new Accepted(ids.size(), ids)).build();
    }
}
