package dev.unison.consistency.service;

import dev.unison.consistency.detector.Binding;
import dev.unison.consistency.rule.Fact;
import dev.unison.consistency.rule.FactBook;
import dev.unison.consistency.rule.RuleBook;
import dev.unison.consistency.store.DraftStore;
import dev.unison.contracts.Alert;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A check's binding of the detectors: each store is a {@link DraftStore} over the live store of the task that owns
 * the draft's key (writes kept aside and dropped), settings and facts are those in force, and what the draft raises
 * is collected instead of published.
 */
final class DraftBinding implements Binding {
    private final StoreQueries queries;
    private final int partition;
    private final Map<String, DraftStore<?>> stores = new HashMap<>();
    private final List<Alert> found = new ArrayList<>();

    DraftBinding(StoreQueries queries, int partition) {
        this.queries = queries;
        this.partition = partition;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S> KeyValueStore<String, S> store(String name) {
        return (KeyValueStore<String, S>) stores.computeIfAbsent(name,
                n -> new DraftStore<>(n, queries.readOnly(n, partition), RuleBook::unwrap));
    }

    @Override
    public Object ruleSettings(String ruleId) {
        return queries.get(RuleBook.STORE, ruleId);
    }

    @Override
    public Fact fact(String question) {
        return FactBook.read(queries.get(FactBook.STORE, question));
    }

    @Override
    public void emit(Alert alert, long timestamp) {
        found.add(alert);
    }

    @Override
    public boolean live() {
        return false;
    }

    /** What the draft raised, in the order the detectors found it. */
    List<Alert> found() {
        return found;
    }
}
