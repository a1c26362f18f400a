package dev.unison.consistency.detector;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;

/** Stores whose values are the epoch milliseconds of their key's last use. */
public final class TimedKeys {
    private TimedKeys() {
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
