package dev.unison.consistency.rest;

import dev.unison.consistency.catalogue.StateReader.StatePart;
import dev.unison.consistency.service.CheckService;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.EventJson;
import dev.unison.runtime.rest.Requests;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.Set;

/** A pre-send check: what a draft touch or feedback event would raise if it were sent now. Nothing is kept. */
@Path("/check")
public class CheckResource {
    /** Roles that may check any department's drafts: who publishes, and who reads. */
    private static final Set<String> ANY_DEPARTMENT = Set.of("publisher", "admin", "ops", "analyst");

    private final CheckService checks;
    private final SecurityIdentity caller;

    public CheckResource(CheckService checks, SecurityIdentity caller) {
        this.checks = checks;
        this.caller = caller;
    }

    @POST
    @Consumes({CloudEventCodec.STRUCTURED_CONTENT_TYPE, MediaType.APPLICATION_JSON})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "What a draft event would raise if it were sent now",
            description = "The body is the CloudEvent a system is about to publish to cx.touches.v1 or cx.feedback.v1, "
                    + "validated as those topics' events are. The answer is {\"ok\": true, \"findings\": []} or every "
                    + "alert the event would raise, as the alert would read (rule, severity, departments, summary, "
                    + "evidence). Nothing is stored, published or counted. A department member checks only its own "
                    + "departments' drafts.")
    @APIResponse(responseCode = "200", description = "The findings",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CheckService.Result.class)))
    @APIResponse(responseCode = "400", description = "problem+json naming each bad field by JSON Pointer")
    @APIResponse(responseCode = "403", description = "A department member checking another department's draft")
    @APIResponse(responseCode = "503", description = "The state is moving between instances or not readable now")
    public Response check(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                          @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                          @Parameter(description = "internal: one part (customer, question or bugs) from this "
                                  + "instance's stores, as one instance asks another")
                          @QueryParam("part") String part) {
        Requests.requireContentType(contentType);
        CheckService.Draft draft = checks.read(body);
        if (ANY_DEPARTMENT.stream().noneMatch(caller::hasRole)
                && !DepartmentMembership.departments(caller).contains(draft.department())) {
            throw new ForbiddenException("a department member checks only its own departments' drafts, not "
                    + (draft.department() == null ? "one that names no department" : "those of " + draft.department()));
        }
        CheckService.Result result = part == null ? checks.check(draft, authorization)
                : checks.local(StatePart.of(part), draft);
        return Response.ok(EventJson.bytes(result), MediaType.APPLICATION_JSON).build();
    }
}
