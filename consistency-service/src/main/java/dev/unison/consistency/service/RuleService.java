package dev.unison.consistency.service;

import dev.unison.consistency.catalogue.RuleCatalogue;
import dev.unison.consistency.catalogue.RuleEntry;
import dev.unison.consistency.config.ConsistencyConfig;
import dev.unison.consistency.messaging.SettingsPublisher;
import dev.unison.consistency.rule.Rule;
import dev.unison.consistency.rule.RuleBook;
import dev.unison.consistency.rule.RuleSettings;
import dev.unison.contracts.JsonLimits;
import dev.unison.contracts.Violation;
import dev.unison.runtime.rest.InvalidRequestException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the settings in force for each rule of the catalogue and changes them through the compacted topic cx.rules.v1. */
@ApplicationScoped
public class RuleService {
    private final StoreQueries queries;
    private final SettingsPublisher publisher;
    private final Map<Rule, RuleSettings> defaults;

    /** A rule, what it detects, which departments its alerts name, which settings it reads and the settings in force. */
    public record RuleView(String rule, String description, String departments, Set<String> parameters,
                           RuleSettings settings) {
    }

    public RuleService(StoreQueries queries, SettingsPublisher publisher, ConsistencyConfig config) {
        this.queries = queries;
        this.publisher = publisher;
        this.defaults = RuleCatalogue.defaults(config);
    }

    public List<RuleView> all() {
        return RuleCatalogue.ENTRIES.stream().map(this::view).toList();
    }

    public Optional<RuleEntry> rule(String id) {
        return RuleCatalogue.byId(id);
    }

    public RuleView view(RuleEntry rule) {
        return view(rule, book().settings(rule.rule()));
    }

    /** Puts the given settings over those in force and publishes the result for every instance, naming who. */
    public RuleView change(RuleEntry rule, RuleSettings patch, String actor) {
        List<Violation> problems = patch.problemsFor(rule.rule(), rule.parameters());
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        RuleSettings settings = book().settings(rule.rule()).with(patch);
        publisher.publishRule(rule.id(), settings, actor);
        Log.infof("Rule %s now has settings %s", rule.id(), JsonLimits.forLog(settings.toString()));
        return view(rule, settings);
    }

    private static RuleView view(RuleEntry rule, RuleSettings settings) {
        return new RuleView(rule.id(), rule.description(), rule.departments(), rule.parameters(), settings);
    }

    private RuleBook book() {
        return new RuleBook(id -> queries.get(RuleBook.STORE, id), defaults);
    }
}
