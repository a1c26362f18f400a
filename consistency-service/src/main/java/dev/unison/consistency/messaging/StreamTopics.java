package dev.unison.consistency.messaging;

import dev.unison.contracts.Topics;

/** The topics the topology reads and writes; {@link #DEFAULT} are the contract's names. */
public record StreamTopics(String touches, String feedback, String rules, String facts, String alerts,
                           String erasures) {
    /** Records the detectors could not read, process or write, with the reason in their headers. */
    public static final String DEAD_LETTERS = Topics.CONSISTENCY_DLQ;
    public static final StreamTopics DEFAULT = new StreamTopics(Topics.TOUCHES, Topics.FEEDBACK, Topics.RULES,
            Topics.FACTS, Topics.ALERTS, Topics.ERASURES);

    /** The same topics with a prefix, for tests that need their own. */
    public StreamTopics prefixed(String prefix) {
        return new StreamTopics(prefix + touches, prefix + feedback, prefix + rules, prefix + facts, prefix + alerts,
                prefix + erasures);
    }
}
