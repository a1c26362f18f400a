package dev.unison.consistency.rule;

import dev.unison.consistency.answer.AnswerReader;
import dev.unison.consistency.answer.Reading;
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

    /** The canonical fact of a question, read (a fact registered before answers were read is read now). */
    public Fact get(String question) {
        return read(store.get(question));
    }

    /** A fact as a store holds it (with or without its timestamp), read. */
    public static Fact read(Object stored) {
        Fact fact = RuleBook.unwrap(stored);
        if (fact == null || fact.reading() != null) {
            return fact;
        }
        Reading reading = AnswerReader.standard().read(fact.answer(), fact.value(), null);
        return new Fact(fact.question(), fact.answer(), fact.value(), reading.key(), fact.registeredBy(),
                fact.registeredAt(), reading);
    }
}
