package dev.unison.consistency.store;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectCachedStoreTest {
    private KeyValueStore<String, String> store;
    private ObjectCachedStore<String> view;

    @BeforeEach
    void store() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("values"), Serdes.String(),
                Serdes.String()).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        view = new ObjectCachedStore<>(store, 2);
    }

    @Test
    void aValueReadOrWrittenIsServedAsTheSameObjectAndWritesReachTheStore() {
        store.put("c-1", "a");
        String read = view.get("c-1");
        assertThat(read).isEqualTo("a");
        assertThat(view.get("c-1")).isSameAs(read);

        String written = new String("b");
        view.put("c-2", written);
        assertThat(view.get("c-2")).isSameAs(written);
        assertThat(store.get("c-2")).isEqualTo("b");
    }

    @Test
    void aDeleteAndAMissAreRememberedAsAbsent() {
        view.put("c-1", "a");
        view.delete("c-1");
        assertThat(store.get("c-1")).isNull();
        assertThat(view.get("c-1")).isNull();
        assertThat(view.get("nobody")).isNull();
        assertThat(view.putIfAbsent("nobody", "x")).isNull();
        assertThat(store.get("nobody")).isEqualTo("x");
    }

    @Test
    void beyondItsCapacityTheLeastRecentlyUsedIsReadFromTheStoreAgain() {
        view.put("c-1", new String("a"));
        view.put("c-2", new String("b"));
        String first = view.get("c-1"); // c-2 is now the least recently used
        view.put("c-3", new String("c"));
        assertThat(view.get("c-1")).isSameAs(first);
        String second = view.get("c-2");
        assertThat(second).isEqualTo("b");
        assertThat(view.get("c-2")).isSameAs(second);
    }
}
