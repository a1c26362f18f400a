package dev.unison.consistency.store;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

import java.time.Duration;

/**
 * Why: Kafka Streams' record cache pays only where one key is rewritten many times between two commits, so each store
 * says whether it sits behind it (bench/README.md, "Where the tuned parts come from").
 * <p>
 * The persistent stores of the topology, each with a changelog, keyed by text.
 */
public final class StateStores {
    private StateStores() {
    }

    /**
     * A store not behind the record cache: a customer's touches seldom fall in one commit interval, and the detectors
     * keep the values they use as objects ({@link ObjectCachedStore}) anyway, so the cache would only cost.
     */
    public static <V> StoreBuilder<KeyValueStore<String, V>> keyValue(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values);
    }

    /**
     * A store behind the record cache, for keys rewritten by many events (every answer to a question rewrites one
     * key): writes between two commits reach RocksDB and the changelog once.
     */
    public static <V> StoreBuilder<KeyValueStore<String, V>> cachedKeyValue(String name, Serde<V> values) {
        return keyValue(name, values).withCachingEnabled();
    }

    /**
     * Event ids seen, by the time of their record, for the retention: a window store drops its segments older than
     * that whole (and its changelog deletes them too). Each key is written once, so the record cache would only cost.
     */
    public static StoreBuilder<WindowStore<String, Long>> seenIds(String name, Duration retention) {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(name, retention, Duration.ofMillis(1), false),
                Serdes.String(), Serdes.Long());
    }
}
