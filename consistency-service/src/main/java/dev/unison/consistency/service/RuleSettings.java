package dev.unison.consistency.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.unison.contracts.Alert;
import dev.unison.contracts.Violation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The settings of one rule, kept on the compacted topic cx.rules.v1 under the rule's id. Each rule reads
 * {@code enabled}, {@code severity} and the parameters {@link Rule#parameters()} names; the others stay null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleSettings(
        Boolean enabled,
        String severity,
        @JsonSerialize(using = DurationText.class) Duration window,
        @JsonSerialize(using = DurationText.class) Duration lookBack,
        @JsonSerialize(using = DurationText.class) Duration noticePeriod,
        @JsonSerialize(using = DurationText.class) Duration maxWait,
        Integer threshold) {

    private static final Set<String> SEVERITIES = Set.of(Alert.INFO, Alert.WARNING, Alert.CRITICAL);

    public boolean isEnabled() {
        return !Boolean.FALSE.equals(enabled);
    }

    /** These settings with every non-null field of the patch put over them. */
    public RuleSettings with(RuleSettings patch) {
        return new RuleSettings(
                patch.enabled != null ? patch.enabled : enabled,
                patch.severity != null ? patch.severity : severity,
                patch.window != null ? patch.window : window,
                patch.lookBack != null ? patch.lookBack : lookBack,
                patch.noticePeriod != null ? patch.noticePeriod : noticePeriod,
                patch.maxWait != null ? patch.maxWait : maxWait,
                patch.threshold != null ? patch.threshold : threshold);
    }

    /** What is wrong with this patch for the rule: unknown parameters, bad severity, non-positive values. */
    public List<Violation> problemsFor(Rule rule) {
        List<Violation> problems = new ArrayList<>();
        if (severity != null && !SEVERITIES.contains(severity)) {
            problems.add(new Violation("/severity", "must be one of " + SEVERITIES));
        }
        check(rule, "window", window, problems);
        check(rule, "lookBack", lookBack, problems);
        check(rule, "noticePeriod", noticePeriod, problems);
        check(rule, "maxWait", maxWait, problems);
        if (threshold != null) {
            if (!rule.parameters().contains("threshold")) {
                problems.add(unknown(rule, "threshold"));
            } else if (threshold < 2) {
                problems.add(new Violation("/threshold", "must be at least 2"));
            }
        }
        return problems;
    }

    private static void check(Rule rule, String name, Duration value, List<Violation> problems) {
        if (value == null) {
            return;
        }
        if (!rule.parameters().contains(name)) {
            problems.add(unknown(rule, name));
        } else if (value.isNegative() || value.isZero()) {
            problems.add(new Violation("/" + name, "must be a positive ISO-8601 duration, e.g. P7D"));
        }
    }

    private static Violation unknown(Rule rule, String name) {
        return new Violation("/" + name, rule.id() + " has no setting '" + name + "'; it reads enabled, severity and "
                + rule.parameters());
    }
}
