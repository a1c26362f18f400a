package dev.unison.notification.rest;

import dev.unison.notification.entity.Subscription;
import dev.unison.notification.security.CallerScope;
import dev.unison.notification.service.SubscriptionService;
import dev.unison.runtime.rest.ProblemMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;
import java.util.UUID;

/**
 * Subscriptions of departments: webhook, kafka (cx.alerts.&lt;department&gt;) or alertmanager. admin manages all; a
 * department member only its own departments'.
 */
@Path("/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
public class SubscriptionResource {
    private final SubscriptionService subscriptions;
    private final CallerScope caller;

    public SubscriptionResource(SubscriptionService subscriptions, CallerScope caller) {
        this.subscriptions = subscriptions;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Subscribe a department: {department, type, url, secret, name, enabled, groupWait, "
            + "groupInterval, repeatInterval}")
    public Response create(SubscriptionService.Request request, @Context UriInfo uri) {
        Subscription created = subscriptions.create(request, caller.get());
        return Response.created(uri.getAbsolutePathBuilder().path(created.id.toString()).build())
                .entity(created).build();
    }

    @GET
    public List<Subscription> list(@QueryParam("department") String department) {
        return subscriptions.list(department, caller.get());
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") UUID id, @Context UriInfo uri) {
        return subscriptions.find(id, caller.get()).map(s -> Response.ok(s).build())
                .orElseGet(() -> ProblemMapper.notFound("subscription " + id, uri));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a subscription; leave the secret out to keep the current one")
    public Response update(@PathParam("id") UUID id, SubscriptionService.Request request, @Context UriInfo uri)
            {
        return subscriptions.update(id, request, caller.get()).map(s -> Response.ok(s).build())
                .orElseGet(() -> ProblemMapper.notFound("subscription " + id, uri));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove a subscription; its pending deliveries are cancelled, its delivery log stays")
    public Response delete(@PathParam("id") UUID id, @Context UriInfo uri) {
        return subscriptions.delete(id, caller.get()) ? Response.noContent().build()
                : ProblemMapper.notFound("subscription " + id, uri);
    }
}
