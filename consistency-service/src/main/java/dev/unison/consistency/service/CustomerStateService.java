package dev.unison.consistency.service;

import dev.unison.consistency.rule.Rule;
import dev.unison.consistency.detector.AutomationLoopDetector;
import dev.unison.consistency.detector.ConflictingAnswersDetector;
import dev.unison.consistency.detector.DuplicateOutreachDetector;
import dev.unison.consistency.detector.RenewalOnlyContactDetector;
import dev.unison.consistency.detector.RepeatedInfoRequestDetector;
import dev.unison.consistency.detector.TicketMazeDetector;
import dev.unison.consistency.detector.UnacknowledgedBugDetector;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the detectors currently know of one customer, read from their state stores by interactive query. Reads the
 * stores of this instance: with several instances, {@link CustomerStateRouter} asks the instance owning each part.
 */
@ApplicationScoped
public class CustomerStateService {
    private final StoreQueries queries;

    public CustomerStateService(StoreQueries queries) {
        this.queries = queries;
    }

    /** The state of each rule that knows something of the customer; empty when none does. */
    public Optional<Map<String, Object>> state(String customerId) {
        Map<String, Object> state = customerState(customerId);
        state.putAll(bugState(customerId));
        return state.isEmpty() ? Optional.empty() : Optional.of(state);
    }

    /** The rules whose stores are keyed by customer: on the instance that owns the customer's partition. */
    public Map<String, Object> customerState(String customerId) {
        Map<String, Object> state = new LinkedHashMap<>();
        Map<String, Object> answers = new LinkedHashMap<>();
        String prefix = customerId + "|";
        queries.withPrefix(ConflictingAnswersDetector.STORE, prefix)
                .forEach((key, value) -> answers.put(key.substring(prefix.length()), value));
        put(state, Rule.CONFLICTING_ANSWERS, answers.isEmpty() ? null : answers);
        put(state, Rule.REPEATED_INFO_REQUEST, queries.get(RepeatedInfoRequestDetector.STORE, customerId));
        put(state, Rule.RENEWAL_ONLY_CONTACT, queries.get(RenewalOnlyContactDetector.STORE, customerId));
        put(state, Rule.DUPLICATE_OUTREACH, queries.get(DuplicateOutreachDetector.STORE, customerId));
        put(state, Rule.TICKET_MAZE, queries.get(TicketMazeDetector.STORE, customerId));
        put(state, Rule.AUTOMATION_LOOP, queries.get(AutomationLoopDetector.STORE, customerId));
        return state;
    }

    /** The customer's bug reports: on the instance that owns the bug ledger (one key for all customers). */
    public Map<String, Object> bugState(String customerId) {
        Map<String, Object> state = new LinkedHashMap<>();
        Map<String, Object> bugs = new LinkedHashMap<>();
        queries.all(UnacknowledgedBugDetector.STORE).forEach((key, report) -> {
            String bugKey = UnacknowledgedBugDetector.bugOf(key, customerId);
            if (bugKey != null) {
                bugs.put(bugKey, report);
            }
        });
        put(state, Rule.UNACKNOWLEDGED_BUG, bugs.isEmpty() ? null : bugs);
        return state;
    }

    private static void put(Map<String, Object> state, Rule rule, Object value) {
        if (value != null) {
            state.put(rule.id(), value);
        }
    }
}
