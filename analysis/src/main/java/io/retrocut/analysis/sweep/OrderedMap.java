package io.retrocut.analysis.sweep;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable insertion-ordered map over two arrays, without null keys or values. Witnesses hold one per node, and
 * a slice may hold many witnesses, so this is far smaller than a {@link java.util.LinkedHashMap}.
 */
final class OrderedMap extends AbstractMap<String, Object> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] keys;
    private final Object[] values;

    /** Takes over the arrays, which must not hold nulls or duplicate keys and must not be modified afterwards. */
    OrderedMap(String[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
    }

    static OrderedMap copyOf(Map<String, Object> map) {
        if (map instanceof OrderedMap ordered) {
            return ordered;
        }
        String[] keys = new String[map.size()];
        Object[] values = new Object[keys.length];
        int index = 0;
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            keys[index] = requireNonNull(entry.getKey(), "variable is null");
            values[index] = requireNonNull(entry.getValue(), "value of " + entry.getKey() + " is null");
            index++;
        }
        return new OrderedMap(keys, values);
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int index = indexOf(key);
        return index < 0 ? null : values[index];
    }

    private int indexOf(Object key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return keys.length;
            }

            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<String, Object> entry = new SimpleImmutableEntry<>(keys[next], values[next]);
                        next++;
                        return entry;
                    }
                };
            }
        };
    }
}
