package dev.unison.journey.rest;

import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.Touch;
import dev.unison.journey.service.TouchIngestService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.List;

@Path("/touches")
public class TouchResource {
    private final TouchIngestService ingest;

    public TouchResource(TouchIngestService ingest) {
        this.ingest = ingest;
    }

    /** What the service took: the events' ids in order. */
    public record Accepted(int accepted, List<String> ids) {
    }

    @POST
    @Consumes({CloudEventCodec.STRUCTURED_CONTENT_TYPE, CloudEventCodec.BATCH_CONTENT_TYPE, MediaType.APPLICATION_JSON})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit one touch (application/cloudevents+json) or a batch (application/cloudevents-batch+json)",
            description = "Each event is validated against the envelope and its kind's schema, then published to "
                    + "cx.touches.v1 keyed by customer id. A batch is taken whole or not at all.")
    @APIResponse(responseCode = "202", description = "Published to Kafka; stored shortly after")
    @APIResponse(responseCode = "400", description = "problem+json naming each bad field by JSON Pointer")
    @APIResponse(responseCode = "413",
            description = "Body larger than journey.max-body-bytes, or an event over 512 KiB")
    @APIResponse(responseCode = "415", description = "No content-type, or not one of those above")
    public Response submit(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        List<Touch> accepted = ingest.submit(body, contentType);
        return Response.accepted(new Accepted(accepted.size(), accepted.stream().map(Touch::id).toList())).build();
    }
}
