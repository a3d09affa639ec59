package io.retrocut.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StringCacheTest {
    @Test
    void givesTheStringOfTheBytesAndTheSameInstanceOnAHit() {
        StringCache cache = new StringCache(64, 48);
        List<String> texts = new ArrayList<>();
        for (int length = 0; length <= 60; length++) {
            texts.add("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".substring(0, length));
        }
        texts.addAll(List.of("n\u00e9", "\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac", "raft-1", "raft-10", "raft-100"));
        for (String text : texts) {
            // inside a longer array, at an offset, and at the very end of an array (no whole word after it)
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            byte[] padded = ("xx\"" + text + "\",\"more\":1}").getBytes(StandardCharsets.UTF_8);
            String first = cache.get(padded, 3, bytes.length);
            assertThat(first).isEqualTo(text);
            String again = cache.get(bytes, 0, bytes.length);
            assertThat(again).isEqualTo(text);
            if (bytes.length <= 48) {
                assertThat(again).isSameAs(first);
            }
        }
    }

    /** With one slot every string evicts the one before; strings that share their first 16 bytes stay apart. */
    @Test
    void aSlotHoldsOneStringAndTellsApartStringsWithTheSamePrefix() {
        StringCache cache = new StringCache(1, 48);
        String common = "0123456789abcdef";
        for (String text : List.of(common + "x", common + "y", common, common + "x", "a", "a\u0000", "")) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            assertThat(cache.get(bytes, 0, bytes.length)).isEqualTo(text);
        }
        byte[] one = "a".getBytes(StandardCharsets.UTF_8);
        String a = cache.get(one, 0, 1);
        assertThat(cache.get("xa".getBytes(StandardCharsets.UTF_8), 1, 1)).isSameAs(a);
    }
}
