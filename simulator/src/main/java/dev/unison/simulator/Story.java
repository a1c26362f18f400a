package dev.unison.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What happens between the company and one customer: its events in order, the events that happen later (once the
 * first ones have been taken in, such as releases shipped after a bug report), and the alerts Unison should raise
 * for it (none for a calm story).
 */
public record Story(String name, String customerId, List<ObjectNode> events, List<ObjectNode> later,
                    List<ExpectedAlert> expected) {

    public Story(String name, String customerId, List<ObjectNode> events, List<ExpectedAlert> expected) {
        this(name, customerId, events, List.of(), expected);
    }

    /** Every event, the later ones last. */
    public List<ObjectNode> allEvents() {
        List<ObjectNode> all = new java.util.ArrayList<>(events);
        all.addAll(later);
        return all;
    }

    /** An alert the story must raise: its rule and the departments it must name. */
    public record ExpectedAlert(String rule, String customerId, List<String> departments) {
    }

    public boolean calm() {
        return expected.isEmpty();
    }
}
