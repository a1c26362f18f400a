package dev.unison.consistency.service;

import dev.unison.consistency.catalogue.StoreReader;
import dev.unison.consistency.rule.RuleBook;
import dev.unison.runtime.rest.UnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.LinkedHashMap;
import java.util.Map;

/** Interactive queries of this instance's state stores. */
@ApplicationScoped
public class StoreQueries implements StoreReader {
    private final KafkaStreams streams;

    public StoreQueries(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public <V> V get(String store, String key) {
        try {
            return RuleBook.unwrap(store(store).get(key));
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw new NotQueryableException(store, streams.state(), e);
        }
    }

    @Override
    public Map<String, Object> all(String store) {
        Map<String, Object> out = new LinkedHashMap<>();
        try (KeyValueIterator<String, Object> all = store(store).all()) {
            all.forEachRemaining(kv -> out.put(kv.key, RuleBook.unwrap(kv.value)));
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw new NotQueryableException(store, streams.state(), e);
        }
        return out;
    }

    /** Visits every entry of this instance's store, without holding them all. */
    public void forEach(String store, java.util.function.BiConsumer<String, Object> visit) {
        try (KeyValueIterator<String, Object> all = store(store).all()) {
            all.forEachRemaining(kv -> visit.accept(kv.key, RuleBook.unwrap(kv.value)));
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw new NotQueryableException(store, streams.state(), e);
        }
    }

    @Override
    public Map<String, Object> withPrefix(String store, String prefix) {
        Map<String, Object> out = new LinkedHashMap<>();
        try (KeyValueIterator<String, Object> found = store(store).prefixScan(prefix, new StringSerializer())) {
            while (found.hasNext()) {
                KeyValue<String, Object> kv = found.next();
                out.put(kv.key, RuleBook.unwrap(kv.value));
            }
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw new NotQueryableException(store, streams.state(), e);
        }
        return out;
    }

    /**
     * The views handed out by {@link #readOnly}, by store and partition: Kafka Streams' view finds the task's store
     * on every read (and refuses while it cannot), so one view serves every check, across rebalances.
     */
    private final Map<String, ReadOnlyKeyValueStore<String, Object>> views = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The store as a check reads it: the task of the given partition only (-1: every task of this instance). It
     * refuses to be read, as {@link NotQueryableException}, while the streams cannot be queried.
     */
    public ReadOnlyKeyValueStore<String, Object> readOnly(String name, int partition) {
        ReadOnlyKeyValueStore<String, Object> known = views.get(name + "#" + partition);
        if (known != null) {
            return known;
        }
        StoreQueryParameters<ReadOnlyKeyValueStore<String, Object>> query =
                StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore());
        try {
            ReadOnlyKeyValueStore<String, Object> view = streams.store(partition < 0 ? query
                    : query.withPartition(partition));
            views.put(name + "#" + partition, view);
            return view;
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw new NotQueryableException(name, streams.state(), e);
        }
    }

    /**
     * The store, while the streams run or rebalance; otherwise (starting, stopped, failed) the client refuses with an
     * InvalidStateStoreException or an IllegalStateException, which the callers turn into a NotQueryableException.
     */
    private ReadOnlyKeyValueStore<String, Object> store(String name) {
        return readOnly(name, -1);
    }

    /** The store cannot be read now, e.g. while the streams start or rebalance. */
    public static class NotQueryableException extends UnavailableException {
        public NotQueryableException(String store, KafkaStreams.State state, Throwable cause) {
            super("state-unavailable", "State not available now",
                    "store " + store + " is not queryable while the streams are " + state,
                    "store " + store + " is not queryable while the streams are " + state, cause);
        }

        public NotQueryableException(String message, Throwable cause) {
            super("state-unavailable", "State not available now", message, message, cause);
        }
    }
}
