package dev.unison.consistency.store;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Why: a pre-send check runs a detector's own code on the live state, and that code writes what it learns; the
 * writes must change nothing.
 * <p>
 * A detector's store for one check: reads go to the live store (an interactive query, read-only) unless the check
 * wrote the key, writes are kept here and dropped with the view. Scans see the live entries with the check's writes
 * over them. Values read are deserialised afresh, so a detector changing one in place changes only its copy.
 */
public final class DraftStore<V> implements KeyValueStore<String, V> {
    private static final Object DELETED = new Object();

    private final String name;
    private final ReadOnlyKeyValueStore<String, Object> live;
    private final Function<Object, Object> unwrap;
    private final Map<String, Object> written = new HashMap<>();

    /** A view of the live store; {@code unwrap} takes a value out of what the store gives (e.g. a timestamped one). */
    public DraftStore(String name, ReadOnlyKeyValueStore<String, Object> live, Function<Object, Object> unwrap) {
        this.name = name;
        this.live = live;
        this.unwrap = unwrap;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(String key) {
        Object mine = written.get(key);
        if (mine != null) {
            return mine == DELETED ? null : (V) mine;
        }
        return (V) unwrap.apply(live.get(key));
    }

    @Override
    public void put(String key, V value) {
        written.put(key, value == null ? DELETED : value);
    }

    @Override
    public V putIfAbsent(String key, V value) {
        V known = get(key);
        if (known == null) {
            put(key, value);
        }
        return known;
    }

    @Override
    public void putAll(List<KeyValue<String, V>> entries) {
        entries.forEach(e -> put(e.key, e.value));
    }

    @Override
    public V delete(String key) {
        V known = get(key);
        written.put(key, DELETED);
        return known;
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        return merged(live.range(from, to), from, to, false);
    }

    @Override
    public KeyValueIterator<String, V> reverseRange(String from, String to) {
        return merged(live.range(from, to), from, to, true);
    }

    @Override
    public KeyValueIterator<String, V> all() {
        return merged(live.all(), null, null, false);
    }

    @Override
    public KeyValueIterator<String, V> reverseAll() {
        return merged(live.all(), null, null, true);
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<String, V> prefixScan(P prefix, PS prefixKeySerializer) {
        String text = new String(prefixKeySerializer.serialize(name, prefix), StandardCharsets.UTF_8);
        TreeMap<String, Object> found = new TreeMap<>();
        try (KeyValueIterator<String, Object> scan = live.prefixScan(prefix, prefixKeySerializer)) {
            scan.forEachRemaining(kv -> found.put(kv.key, unwrap.apply(kv.value)));
        }
        written.forEach((key, value) -> {
            if (key.startsWith(text)) {
                found.put(key, value);
            }
        });
        return iterator(found, false);
    }

    /** The live entries of the range with this check's writes over them. */
    private KeyValueIterator<String, V> merged(KeyValueIterator<String, Object> scan, String from, String to,
                                               boolean reverse) {
        TreeMap<String, Object> found = new TreeMap<>();
        try (scan) {
            scan.forEachRemaining(kv -> found.put(kv.key, unwrap.apply(kv.value)));
        }
        written.forEach((key, value) -> {
            if ((from == null || key.compareTo(from) >= 0) && (to == null || key.compareTo(to) <= 0)) {
                found.put(key, value);
            }
        });
        return iterator(found, reverse);
    }

    @SuppressWarnings("unchecked")
    private static <V> KeyValueIterator<String, V> iterator(TreeMap<String, Object> entries, boolean reverse) {
        NavigableMap<String, Object> ordered = reverse ? entries.descendingMap() : entries;
        List<KeyValue<String, V>> list = new ArrayList<>();
        ordered.forEach((k, v) -> {
            if (v != DELETED) {
                list.add(KeyValue.pair(k, (V) v));
            }
        });
        return new KeyValueIterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < list.size();
            }

            @Override
            public KeyValue<String, V> next() {
                if (next >= list.size()) {
                    throw new NoSuchElementException();
                }
                return list.get(next++);
            }

            @Override
            public String peekNextKey() {
                return list.get(next).key;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public long approximateNumEntries() {
        return live.approximateNumEntries();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        throw new UnsupportedOperationException("a check's view of " + name + " is not a store to register");
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        written.clear();
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        throw new UnsupportedOperationException("a check's view of " + name + " answers no queries");
    }

    @Override
    public Position getPosition() {
        throw new UnsupportedOperationException("a check's view of " + name + " has no position");
    }
}
