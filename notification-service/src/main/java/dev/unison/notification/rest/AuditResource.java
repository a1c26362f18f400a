package dev.unison.notification.rest;

import dev.unison.notification.repository.AuditRepository;
import dev.unison.notification.service.AuditService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The audit log (admin only): who changed subscriptions, silences and alert states, when, from what to what. */
@Path("/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    private final AuditService audit;

    public AuditResource(AuditService audit) {
        this.audit = audit;
    }

    @GET
    @Operation(summary = "Changes, newest first: filters entityType (subscription, silence, alert), entityId, from "
            + "(inclusive) and to (exclusive) over the time of the change; limit, offset")
    public AuditRepository.AuditPage list(@QueryParam("entityType") String entityType,
                                          @QueryParam("entityId") String entityId, @QueryParam("from") String from,
                                          @QueryParam("to") String to, @QueryParam("limit") String limit,
                                          @QueryParam("offset") String offset) {
        return audit.search(entityType, entityId, from, to, limit, offset);
    }
}
