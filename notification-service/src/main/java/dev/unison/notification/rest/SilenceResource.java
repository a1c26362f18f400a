package dev.unison.notification.rest;

import dev.unison.notification.entity.Silence;
import dev.unison.notification.security.CallerScope;
import dev.unison.notification.service.SilenceService;
import dev.unison.runtime.rest.ProblemMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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

import java.util.List;
import java.util.UUID;

/** Silences: alerts they match are stored and shown, but not sent. */
@Path("/silences")
@Produces(MediaType.APPLICATION_JSON)
public class SilenceResource {
    private final SilenceService silences;
    private final CallerScope caller;

    public SilenceResource(SilenceService silences, CallerScope caller) {
        this.silences = silences;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Silence alerts: {department, rule, customerId (at least one), endsAt, comment}; who silences is taken from the token")
    public Response create(SilenceService.Request request, @Context UriInfo uri) {
        Silence created = silences.create(request, caller.get());
        return Response.created(uri.getAbsolutePathBuilder().path(created.id.toString()).build())
                .entity(created).build();
    }

    @GET
    @Operation(summary = "Silences in force (all with ?all=true)")
    public List<Silence> list(@QueryParam("all") String all) {
        return silences.list(all);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "End a silence now")
    public Response expire(@PathParam("id") UUID id, @Context UriInfo uri) {
        return silences.expire(id, caller.get()) ? Response.noContent().build() : ProblemMapper.notFound("silence " + id, uri);
    }
}
