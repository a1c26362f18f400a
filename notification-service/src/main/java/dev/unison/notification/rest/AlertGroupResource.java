package dev.unison.notification.rest;

import dev.unison.notification.repository.GroupPage;
import dev.unison.notification.security.CallerScope;
import dev.unison.notification.service.AlertService;
import dev.unison.runtime.rest.ProblemMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Optional;
import java.util.UUID;

/** Alert groups (alerts sharing the grouping labels, by default the fingerprint): queries, acknowledge, resolve. */
@Path("/alert-groups")
@Produces(MediaType.APPLICATION_JSON)
public class AlertGroupResource {
    private final AlertService alerts;
    private final CallerScope caller;

    public AlertGroupResource(AlertService alerts, CallerScope caller) {
        this.alerts = alerts;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Groups whose alerts match the filters (department, rule, customer), by status; the group "
            + "most recently joined first. Its alerts: GET /alerts?group={id}")
    public GroupPage list(@QueryParam("department") String department, @QueryParam("rule") String rule,
                          @QueryParam("status") String status, @QueryParam("customer") String customer,
                          @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        return alerts.groups(new AlertService.GroupFilters(department, rule, status, customer, limit, offset), caller.get());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One group: labels, status, counts of its alerts by status, customers and departments")
    public Response get(@PathParam("id") String id, @Context UriInfo uri) {
        return uuid(id).flatMap(g -> alerts.group(g, caller.get())).map(g -> Response.ok(g).build())
                .orElseGet(() -> ProblemMapper.notFound("group " + id, uri));
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "Every notification of the group (and escalation of one of its alerts) with its attempts")
    public Response deliveries(@PathParam("id") String id, @Context UriInfo uri) {
        return uuid(id).flatMap(g -> alerts.groupDeliveries(g, caller.get())).map(d -> Response.ok(d).build())
                .orElseGet(() -> ProblemMapper.notFound("group " + id, uri));
    }

    @POST
    @Path("/{id}/acknowledge")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Acknowledge every open alert of the group: {\"note\"} (who acts: from the token)")
    public Response acknowledge(@PathParam("id") String id, AlertService.Action action, @Context UriInfo uri) {
        return uuid(id).flatMap(g -> alerts.acknowledgeGroup(g, action, caller.get())).map(g -> Response.ok(g).build())
                .orElseGet(() -> ProblemMapper.notFound("group " + id, uri));
    }

    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Resolve every unresolved alert of the group: {\"note\"} (who acts: from the token)")
    public Response resolve(@PathParam("id") String id, AlertService.Action action, @Context UriInfo uri) {
        return uuid(id).flatMap(g -> alerts.resolveGroup(g, action, caller.get())).map(g -> Response.ok(g).build())
                .orElseGet(() -> ProblemMapper.notFound("group " + id, uri));
    }

    /** A group id; anything else names no group (404). */
    private static Optional<UUID> uuid(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
