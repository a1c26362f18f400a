package dev.unison.consistency.messaging;

import dev.unison.contracts.Topics;

/** The topics the topology reads and writes; {@link #DEFAULT} are the contract's names. */
public record StreamTopics(String touches, String feedback, String rules, String facts, String alerts) {
    /** Canonical facts registered through PUT /facts/{question}; compacted, keyed by question. */
    public static final String FACTS = "cx.facts.v1";

    public static final StreamTopics DEFAULT = new StreamTopics(Topics.TOUCHES, Topics.FEEDBACK, Topics.RULES, FACTS,
            Topics.ALERTS);

    /** The same topics with a prefix, for tests that need their own. */
    public StreamTopics prefixed(String prefix) {
        return new StreamTopics(prefix + touches, prefix + feedback, prefix + rules, prefix + facts, prefix + alerts);
    }
}
