package dev.unison.consistency.service;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/** The canonical facts as every instance sees them: the global store of the compacted topic cx.facts.v1. */
public final class FactBook {
    public static final String STORE = "facts-store";

    private final KeyValueStore<String, Object> store;

    private FactBook(KeyValueStore<String, Object> store) {
        this.store = store;
    }

    public static FactBook of(ProcessorContext<?, ?> context) {
        return new FactBook(context.getStateStore(STORE));
    }

    public Fact get(String question) {
        return RuleBook.unwrap(store.get(question));
    }
}
