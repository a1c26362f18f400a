package dev.unison.consistency.rule;

import dev.unison.contracts.Alert;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The detectors' rules, their built-in settings and which settings each one reads. */
public enum Rule {
    CONFLICTING_ANSWERS("conflicting-answers",
            "Departments give different answers to one question (to one customer, or within the window to any "
                    + "customers), or an answer departs from the company's canonical fact",
            new RuleSettings(true, Alert.WARNING, Duration.ofDays(7), null, null, null, null, null, List.of()),
            Set.of("window")),
    REPEATED_INFO_REQUEST("repeated-info-request",
            "A department asks for information the customer already gave anyone, or that was asked for within the window",
            new RuleSettings(true, Alert.WARNING, Duration.ofDays(30), null, null, null, null, null, List.of()),
            Set.of("window")),
    RENEWAL_ONLY_CONTACT("renewal-only-contact",
            "Renewal outreach, or a renewal date within the notice period, with no other outbound contact in the look-back",
            new RuleSettings(true, Alert.WARNING, null, Duration.ofDays(90), Duration.ofDays(30), null, null, null,
                    List.of()),
            Set.of("lookBack", "noticePeriod")),
    DUPLICATE_OUTREACH("duplicate-outreach",
            "At least threshold departments send the same content to one customer within the window",
            new RuleSettings(true, Alert.INFO, Duration.ofDays(2), null, null, null, 2, null, List.of()),
            Set.of("window", "threshold")),
    TICKET_MAZE("ticket-maze",
            "One issue spawns threshold or more cases and hand-offs, or an internal approval waits longer than maxWait",
            new RuleSettings(true, Alert.WARNING, null, null, null, Duration.ofDays(3), 3, null, List.of()),
            Set.of("threshold", "maxWait")),
    UNACKNOWLEDGED_BUG("unacknowledged-bug",
            "A customer's bug report is neither acknowledged nor fixed over threshold releases",
            new RuleSettings(true, Alert.CRITICAL, null, null, null, null, 2, null, List.of("product")),
            Set.of("threshold")),
    AUTOMATION_LOOP("automation-loop",
            "A customer's last threshold requests got only automated answers, and no person joined within the grace period",
            new RuleSettings(true, Alert.WARNING, null, null, null, null, 3, Duration.ofMinutes(15), List.of()),
            Set.of("threshold", "gracePeriod")),
    ANSWERS_NOT_COMPARABLE("answers-not-comparable",
            "Two departments' answers to one question could not be compared (one could not be read, or says "
                    + "something of another kind): no conflict is claimed, the answers are listed for review",
            new RuleSettings(true, Alert.INFO, null, null, null, null, null, null, List.of()),
            Set.of());

    private final String id;
    private final String description;
    private final RuleSettings defaults;
    private final Set<String> parameters;

    Rule(String id, String description, RuleSettings defaults, Set<String> parameters) {
        this.id = id;
        this.description = description;
        this.defaults = defaults;
        this.parameters = parameters;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public RuleSettings defaults() {
        return defaults;
    }

    /** The settings besides enabled, severity and owners (which every rule reads) that this rule reads. */
    public Set<String> parameters() {
        return parameters;
    }

    /** Every rule's built-in settings. */
    public static Map<Rule, RuleSettings> builtInDefaults() {
        Map<Rule, RuleSettings> defaults = new EnumMap<>(Rule.class);
        for (Rule rule : values()) {
            defaults.put(rule, rule.defaults);
        }
        return defaults;
    }

    public static Optional<Rule> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }
}
