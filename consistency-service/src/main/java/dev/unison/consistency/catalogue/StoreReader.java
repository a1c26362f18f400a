package dev.unison.consistency.catalogue;

import java.util.Map;

/** Reads this instance's state stores (interactive queries), for a {@link StateReader}. */
public interface StoreReader {
    <V> V get(String store, String key);

    Map<String, Object> all(String store);

    /** Every entry whose key starts with the prefix. */
    Map<String, Object> withPrefix(String store, String prefix);
}
