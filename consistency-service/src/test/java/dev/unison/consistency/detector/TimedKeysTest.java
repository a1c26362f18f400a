package dev.unison.consistency.detector;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TimedKeysTest {
    @Test
    void expiredKeysAreDeletedABoundedBatchAtATimeGoingOnWhereTheLastBatchStopped() {
        KeyValueStore<String, Long> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("told"),
                Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        for (int i = 0; i < 25; i++) {
            store.put(String.format("k%02d", i), i % 2 == 0 ? 100L : 900L);
        }

        String next = TimedKeys.deleteOlderThan(store, 500, null, 10);
        assertThat(next).isEqualTo("k10");
        assertThat(keys(store)).hasSize(20).contains("k01", "k10", "k12").doesNotContain("k00", "k08");

        next = TimedKeys.deleteOlderThan(store, 500, next, 10);
        assertThat(next).isEqualTo("k20");
        next = TimedKeys.deleteOlderThan(store, 500, next, 10);
        assertThat(next).isNull();
        assertThat(keys(store)).hasSize(12).allSatisfy(k -> assertThat(Integer.parseInt(k.substring(1)) % 2).isOne());
    }

    private static List<String> keys(KeyValueStore<String, Long> store) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = store.all()) {
            all.forEachRemaining(e -> keys.add(e.key));
        }
        return keys;
    }
}
