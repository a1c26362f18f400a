package dev.unison.consistency.rule;

import org.apache.kafka.streams.state.ValueAndTimestamp;

import java.util.Map;
import java.util.function.Function;

/**
 * The settings in force for each rule: the built-in (or configured) defaults with what was last put on the
 * compacted topic cx.rules.v1 over them. Reads the global store every instance keeps of that topic.
 */
public final class RuleBook {
    public static final String STORE = "rules-store";

    private final Function<String, Object> lookup;
    private final Map<Rule, RuleSettings> defaults;

    public RuleBook(Function<String, Object> lookup, Map<Rule, RuleSettings> defaults) {
        this.lookup = lookup;
        this.defaults = defaults;
    }

    public RuleSettings settings(Rule rule) {
        RuleSettings base = defaults.get(rule);
        if (base == null) {
            throw new IllegalStateException("no default settings for rule " + rule.id());
        }
        RuleSettings stored = unwrap(lookup.apply(rule.id()));
        return stored == null ? base : base.with(stored);
    }

    /** A value of a DSL store, with or without its timestamp. */
    @SuppressWarnings("unchecked")
    public static <T> T unwrap(Object value) {
        return (T) (value instanceof ValueAndTimestamp<?> vt ? vt.value() : value);
    }
}
