package dev.unison.notification.rest;

import dev.unison.notification.repository.AlertPage;
import dev.unison.notification.repository.AlertStats;
import dev.unison.notification.service.AlertFeed;
import dev.unison.notification.security.CallerScope;
import dev.unison.notification.service.AlertService;
import dev.unison.notification.service.FeedEvent;
import dev.unison.runtime.rest.ProblemMapper;
import io.smallrye.mutiny.Multi;
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
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Alerts, one per alert received: queries, counts, deliveries, acknowledge and resolve, and the live feed. */
@Path("/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {
    private final AlertService alerts;
    private final AlertFeed feed;
    private final CallerScope caller;

    public AlertResource(AlertService alerts, AlertFeed feed, CallerScope caller) {
        this.alerts = alerts;
        this.feed = feed;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Alerts matching the filters, newest detectedAt first (from inclusive, to exclusive)")
    public AlertPage list(@QueryParam("department") String department, @QueryParam("rule") String rule,
                          @QueryParam("status") String status, @QueryParam("severity") String severity,
                          @QueryParam("customer") String customer, @QueryParam("group") String group,
                          @QueryParam("from") String from, @QueryParam("to") String to,
                          @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        return alerts.search(new AlertService.Filters(department, rule, status, severity, customer, group, from, to,
                limit, offset), caller.get());
    }

    @GET
    @Path("/stats")
    @Operation(summary = "Counts of alerts by status, severity, department and rule")
    public AlertStats stats(@QueryParam("department") String department, @QueryParam("from") String from,
                            @QueryParam("to") String to) {
        return alerts.stats(department, from, to, caller.get());
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live feed (Server-Sent Events) of new and changed alerts of a department (all if none; a department "
            + "member's own departments only); free text is redacted")
    public Multi<FeedEvent> stream(@QueryParam("department") String department) {
        return feed.stream(department == null || department.isBlank() ? null : department.strip(), caller.get());
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id, @Context UriInfo uri) {
        return alerts.find(id, caller.get()).map(a -> Response.ok(a).build())
                .orElseGet(() -> ProblemMapper.notFound("alert " + id, uri));
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "What happened to the alert: silenced, escalated, acknowledged, resolved")
    public Response history(@PathParam("id") String id, @Context UriInfo uri) {
        return alerts.history(id, caller.get()).map(h -> Response.ok(h).build())
                .orElseGet(() -> ProblemMapper.notFound("alert " + id, uri));
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "Every delivery of the alert with its status and each attempt")
    public Response deliveries(@PathParam("id") String id, @Context UriInfo uri) {
        return alerts.deliveries(id, caller.get()).map(d -> Response.ok(d).build())
                .orElseGet(() -> ProblemMapper.notFound("alert " + id, uri));
    }

    @POST
    @Path("/{id}/acknowledge")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Acknowledge an open alert: {\"note\"}; stops its escalation and repeats. Who acts is taken "
            + "from the token (a body's \"by\" is ignored)")
    public Response acknowledge(@PathParam("id") String id, AlertService.Action action, @Context UriInfo uri)
            {
        return alerts.acknowledge(id, action, caller.get()).map(a -> Response.ok(a).build())
                .orElseGet(() -> ProblemMapper.notFound("alert " + id, uri));
    }

    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Resolve an alert: {\"note\"}; who acts is taken from the token")
    public Response resolve(@PathParam("id") String id, AlertService.Action action, @Context UriInfo uri)
            {
        return alerts.resolve(id, action, caller.get()).map(a -> Response.ok(a).build())
                .orElseGet(() -> ProblemMapper.notFound("alert " + id, uri));
    }
}
