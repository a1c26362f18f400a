package dev.unison.consistency.detector;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Caps of what a detector remembers per key (see the table in the service's README): when a collection grows past its
 * cap, the oldest entries (first in iteration order) go. Maps and sets are insertion-ordered, so a detector that wants
 * "oldest" to mean "least recently changed" removes an entry before putting it again ({@link #touch}).
 */
final class Bounded {
    private Bounded() {
    }

    /** Puts the entry last in the map's order and drops the oldest entries past {@code max}. */
    static <K, V> void touch(Map<K, V> map, K key, V value, int max) {
        map.remove(key);
        map.put(key, value);
        keepLast(map, max);
    }

    /** Drops the oldest entries of the map past {@code max}. */
    static <K, V> void keepLast(Map<K, V> map, int max) {
        Iterator<K> keys = map.keySet().iterator();
        for (int excess = map.size() - max; excess > 0 && keys.hasNext(); excess--) {
            keys.next();
            keys.remove();
        }
    }

    /** Drops the oldest elements of the collection past {@code max}. */
    static <T> void keepLast(Collection<T> values, int max) {
        if (values instanceof List<T> list) {
            if (list.size() > max) {
                list.subList(0, list.size() - max).clear();
            }
            return;
        }
        Iterator<T> it = values.iterator();
        for (int excess = values.size() - max; excess > 0 && it.hasNext(); excess--) {
            it.next();
            it.remove();
        }
    }

    /** The first {@code max} elements of a list an event carries (an event may carry more than a detector keeps). */
    static <T> List<T> first(List<T> values, int max) {
        return values.size() <= max ? values : values.subList(0, max);
    }
}
