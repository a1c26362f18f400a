package dev.unison.consistency.detector;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;

/**
 * Keys that sort by time, so that what falls due is read by a range instead of a scan of every customer, and stores
 * whose values are the epoch milliseconds of their key's last use.
 */
public final class TimedKeys {
    /** Separates the parts of a composite key; sorts before any printable character. */
    static final char SEP = '\u001f';

    private TimedKeys() {
    }

    /** Epoch milliseconds, zero-padded so that keys sort by time. */
    static String timeKey(long millis) {
        return String.format("%019d", millis);
    }

    /** The part of a composite key after its first separator. */
    static String afterFirst(String key) {
        return key.substring(key.indexOf(SEP) + 1);
    }

    /** Every key of the store up to {@code to} (inclusive), read before any is changed. */
    static List<String> keysUpTo(KeyValueStore<String, String> store, String from, String to) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, String> range = store.range(from, to)) {
            range.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }

    /**
     * Deletes the keys last used before {@code oldest} among at most {@code max} keys from {@code from} on (null: the
     * first key), so that one call holds the stream thread for a bounded time however large the store is. Returns
     * the key to go on from next time, or null when the scan reached the end (the next call starts over).
     */
    static String deleteOlderThan(KeyValueStore<String, Long> store, long oldest, String from, int max) {
        List<String> expired = new ArrayList<>();
        String next = null;
        try (KeyValueIterator<String, Long> keys = from == null ? store.all() : store.range(from, null)) {
            int read = 0;
            while (keys.hasNext()) {
                KeyValue<String, Long> entry = keys.next();
                if (read++ == max) {
                    next = entry.key;
                    break;
                }
                if (entry.value < oldest) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(store::delete);
        return next;
    }
}
