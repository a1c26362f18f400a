package dev.unison.consistency.rest;

import dev.unison.consistency.rule.Fact;
import dev.unison.consistency.service.FactService;
import dev.unison.consistency.service.FactService.FactRequest;
import dev.unison.runtime.rest.InvalidRequestException;
import dev.unison.consistency.service.SuggestionService;
import dev.unison.contracts.Violation;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
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
    private final SuggestionService suggestions;
    private final SecurityIdentity caller;

    public FactResource(FactService facts, SuggestionService suggestions, SecurityIdentity caller) {
        this.facts = facts;
        this.suggestions = suggestions;
        this.caller = caller;
    }

    @GET
    public List<Fact> all() {
        return facts.all();
    }

    /**
     * The questions departments answer differently, each normalised answer with its count, departments and last
     * use, the most customers affected first. (So a question key {@code suggestions} is not read here.)
     */
    @GET
    @Path("/suggestions")
    @Operation(summary = "Questions answered differently by departments: candidates for a canonical answer")
    public Response suggestions(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                @Parameter(description = "internal: this instance's counts, as one instance asks "
                                        + "another") @QueryParam("part") String part) {
        if (part != null && !"local".equals(part)) {
            throw new InvalidRequestException(List.of(new Violation("/part", "part is local or absent")));
        }
        return Response.ok(part == null ? suggestions.suggestions(authorization) : suggestions.local()).build();
    }

    /** The body of an acceptance: the answer to register, one of the suggested ones as a person words it. */
    public record Acceptance(String answer) {
    }

    /** Registers the chosen answer as the question's canonical fact, as {@code PUT /facts/{question}} does. */
    @POST
    @Path("/suggestions/{question}/accept")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a suggested answer as the question's canonical fact (audited as any fact change)")
    public Fact accept(@PathParam("question") String question, Acceptance acceptance) {
        return facts.register(question, new FactRequest(acceptance == null ? null : acceptance.answer(), null,
                caller.getPrincipal().getName()));
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
