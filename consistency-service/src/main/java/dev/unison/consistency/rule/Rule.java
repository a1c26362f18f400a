package dev.unison.consistency.rule;

import java.util.Arrays;
import java.util.Optional;

/**
 * The rules, by id (the {@code rule} of an alert, {@code contracts/.../schemas/alert.json}). What each detects, its
 * built-in settings, its detectors and its state are its entry in {@code catalogue/RuleCatalogue}.
 */
public enum Rule {
    CONFLICTING_ANSWERS("conflicting-answers"),
    REPEATED_INFO_REQUEST("repeated-info-request"),
    RENEWAL_ONLY_CONTACT("renewal-only-contact"),
    DUPLICATE_OUTREACH("duplicate-outreach"),
    TICKET_MAZE("ticket-maze"),
    UNACKNOWLEDGED_BUG("unacknowledged-bug"),
    AUTOMATION_LOOP("automation-loop"),
    ANSWERS_NOT_COMPARABLE("answers-not-comparable");

    private final String id;

    Rule(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Rule> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }
}
