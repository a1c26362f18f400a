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

    /** Deletes every key last used before {@code oldest}. */
    public static void deleteOlderThan(KeyValueStore<String, Long> store, long oldest) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> entry = all.next();
                if (entry.value < oldest) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(store::delete);
    }
}
