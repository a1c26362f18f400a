package dev.unison.consistency.rest;

import dev.unison.consistency.rule.Fact;
import dev.unison.consistency.service.FactService;
import dev.unison.consistency.service.FactService.FactRequest;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** The company's canonical answers: once registered, any department's differing answer is alerted. */
@Path("/facts")
@Produces(MediaType.APPLICATION_JSON)
public class FactResource {
    private final FactService facts;
    private final SecurityIdentity caller;

    public FactResource(FactService facts, SecurityIdentity caller) {
        this.facts = facts;
        this.caller = caller;
    }

    @GET
    public List<Fact> all() {
        return facts.all();
    }

    @GET
    @Path("/{question}")
    public Fact get(@PathParam("question") String question) {
        return facts.get(question).orElseThrow(() -> new NotFoundException("no canonical answer of '" + question + "'"));
    }

    @PUT
    @Path("/{question}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Fact put(@PathParam("question") String question, FactRequest request) {
        // who registers it is the signed-in caller, whatever the body says
        return facts.register(question, request == null ? null
                : new FactRequest(request.answer(), request.value(), caller.getPrincipal().getName()));
    }

    @DELETE
    @Path("/{question}")
    public Response delete(@PathParam("question") String question) {
        if (!facts.withdraw(question, caller.getPrincipal().getName())) {
            throw new NotFoundException("no canonical answer of '" + question + "'");
        }
        return Response.noContent().build();
    }
}
