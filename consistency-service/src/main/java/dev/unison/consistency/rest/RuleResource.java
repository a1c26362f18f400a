package dev.unison.consistency.rest;

import dev.unison.consistency.catalogue.RuleEntry;
import dev.unison.consistency.service.RuleService;
import dev.unison.consistency.service.RuleService.RuleView;
import dev.unison.consistency.rule.RuleSettings;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** The detectors' rules and their settings (window, thresholds, enabled), changed at run time. */
@Path("/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RuleResource {
    private final RuleService rules;
    private final SecurityIdentity caller;

    public RuleResource(RuleService rules, SecurityIdentity caller) {
        this.rules = rules;
        this.caller = caller;
    }

    @GET
    public List<RuleView> all() {
        return rules.all();
    }

    @GET
    @Path("/{rule}")
    public RuleView get(@PathParam("rule") String rule) {
        return rules.view(rule(rule));
    }

    /** Puts the given settings over those in force; fields left out keep their value. */
    @PUT
    @Path("/{rule}")
    @Consumes(MediaType.APPLICATION_JSON)
    public RuleView put(@PathParam("rule") String rule, RuleSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("a JSON object of settings is required");
        }
        Log.infof("%s changes rule %s: %s", caller.getPrincipal().getName(), rule, settings);
        return rules.change(rule(rule), settings, caller.getPrincipal().getName());
    }

    private RuleEntry rule(String id) {
        return rules.rule(id).orElseThrow(() -> new NotFoundException("no rule '" + id + "'"));
    }
}
