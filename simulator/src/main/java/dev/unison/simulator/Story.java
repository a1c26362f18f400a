package dev.unison.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What happens between the company and one customer: its events in order, and the alerts Unison should raise for
 * it (none for a calm story).
 */
public record Story(String name, String customerId, List<ObjectNode> events, List<ExpectedAlert> expected) {

    /** An alert the story must raise: its rule and the departments it must name. */
    public record ExpectedAlert(String rule, String customerId, List<String> departments) {
    }

    public boolean calm() {
        return expected.isEmpty();
    }
}
