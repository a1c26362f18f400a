package dev.unison.consistency.catalogue;

import dev.unison.consistency.rule.Rule;
import dev.unison.consistency.rule.RuleSettings;

import java.util.List;
import java.util.Set;

/**
 * One rule of the catalogue.
 *
 * @param rule        its id (the {@code rule} of its alerts, whose CloudEvent type is {@code cx.alert.<rule>})
 * @param description what it detects, as {@code GET /rules} tells it
 * @param defaults    its built-in settings; the parameters they give a value are the ones it reads
 * @param departments which departments its alerts name
 * @param detectors   its detectors, each wired into the topology with its stores (none for a rule found by another
 *                    rule's detectors)
 * @param state       how its state of a customer is read for {@code GET /customers/{id}/state} (null: it keeps none)
 * @param checked     its detectors as {@code POST /check} runs them on a draft (the same classes the wiring connects)
 */
public record RuleEntry(Rule rule, String description, RuleSettings defaults, String departments,
                        List<DetectorWiring> detectors, StateReader state, List<CheckedDetector> checked) {

    public String id() {
        return rule.id();
    }

    /** The settings besides enabled, severity and owners (which every rule reads) that this rule reads. */
    public Set<String> parameters() {
        return defaults.parameterNames();
    }
}
