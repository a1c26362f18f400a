package dev.unison.consistency.store;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Collection;
import java.lang.ref.WeakReference;
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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why: an active customer's state would otherwise be read back and deserialised on every event of the customer.
 * <p>
 * A detector's view of its store that keeps the values it last read or wrote as objects, least recently used first
 * out, so an active customer's state is not deserialised again on every event. Every write goes through to the store
 * (and so to its changelog); scans read the store. The view belongs to one processor of one task and is rebuilt when
 * the processor is initialised again (after a rebalance or an aborted transaction), so it never outlives the store
 * contents it mirrors. A detector must write back every value it changes, as it must with the store itself.
 */
public final class ObjectCachedStore<V> implements KeyValueStore<String, V> {
    private static final Object ABSENT = new Object();
    /**
     * The views of each task's stores ({@code <task id>/<store name>}), so a processor of the same task that deletes
     * from the store behind them (the customer eraser) can make them forget the key. Only the task's own stream
     * thread touches them.
     */
    private static final Map<String, List<WeakReference<ObjectCachedStore<?>>>> VIEWS = new ConcurrentHashMap<>();

    private final KeyValueStore<String, V> store;
    private final Map<String, Object> recent;

    /** A view registered under its task and store, for {@link #forget}. */
    public ObjectCachedStore(KeyValueStore<String, V> store, int capacity, String taskId) {
        this(store, capacity);
        List<WeakReference<ObjectCachedStore<?>>> views = VIEWS.computeIfAbsent(taskId + "/" + store.name(),
                k -> new CopyOnWriteArrayList<>());
        views.removeIf(r -> r.get() == null);
        views.add(new WeakReference<>(this));
    }

    /** Makes every view of the task's store forget the keys (after a processor of the task deleted them). */
    public static void forget(String taskId, String storeName, Collection<String> keys) {
        for (WeakReference<ObjectCachedStore<?>> ref : VIEWS.getOrDefault(taskId + "/" + storeName, List.of())) {
            ObjectCachedStore<?> view = ref.get();
            if (view != null) {
                keys.forEach(view.recent::remove);
            }
        }
    }

    public ObjectCachedStore(KeyValueStore<String, V> store, int capacity) {
        this.store = store;
        this.recent = new LinkedHashMap<>(capacity * 4 / 3 + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(String key) {
        Object known = recent.get(key);
        if (known != null) {
            return known == ABSENT ? null : (V) known;
        }
        V value = store.get(key);
        recent.put(key, value == null ? ABSENT : value);
        return value;
    }

    /**
     * Writes through; when the store refuses the value (too large to serialise), the object is forgotten too, so the
     * next read sees what the store holds and not the refused change a detector made in place.
     */
    @Override
    public void put(String key, V value) {
        try {
            store.put(key, value);
        } catch (RuntimeException e) {
            recent.remove(key);
            throw e;
        }
        recent.put(key, value == null ? ABSENT : value);
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
        recent.put(key, ABSENT);
        return store.delete(key);
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        return store.range(from, to);
    }

    @Override
    public KeyValueIterator<String, V> reverseRange(String from, String to) {
        return store.reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<String, V> all() {
        return store.all();
    }

    @Override
    public KeyValueIterator<String, V> reverseAll() {
        return store.reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<String, V> prefixScan(P prefix, PS prefixKeySerializer) {
        return store.prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return store.approximateNumEntries();
    }

    @Override
    public String name() {
        return store.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        throw new UnsupportedOperationException("a processor's view of " + store.name() + " is not a store to register");
    }

    @Override
    public void flush() {
        store.flush();
    }

    @Override
    public void close() {
        recent.clear();
    }

    @Override
    public boolean persistent() {
        return store.persistent();
    }

    @Override
    public boolean isOpen() {
        return store.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return store.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return store.getPosition();
    }
}
