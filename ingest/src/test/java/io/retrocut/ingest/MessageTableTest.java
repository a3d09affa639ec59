package io.retrocut.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageTableTest {
    private static final String[] SHAPES = {"m%d", "%d", "msg-%d-x", "a-rather-long-message-id-%d", "m\u00e9%d", "m\0%d"};

    /** Random adds, lookups and removes (which shift probe runs) against a HashMap, through several growths. */
    @Test
    void behavesLikeAMap() {
        Random random = new Random(7);
        MessageTable table = new MessageTable();
        Map<String, CausalLinks.Message> reference = new HashMap<>();
        for (int step = 0; step < 400_000; step++) {
            String id = String.format(SHAPES[random.nextInt(SHAPES.length)], random.nextInt(60_000));
            switch (random.nextInt(4)) {
                case 0, 1 -> {
                    CausalLinks.Message message = table.getOrAdd(id);
                    CausalLinks.Message expected = reference.get(id);
                    assertThat(table.added()).isEqualTo(expected == null);
                    if (expected == null) {
                        reference.put(id, message);
                    } else {
                        assertThat(message).isSameAs(expected);
                    }
                }
                case 2 -> assertThat(table.get(id)).isSameAs(reference.get(id));
                default -> {
                    table.remove(id);
                    reference.remove(id);
                }
            }
            assertThat(table.size()).isEqualTo(reference.size());
        }
        for (Map.Entry<String, CausalLinks.Message> entry : reference.entrySet()) {
            assertThat(table.get(entry.getKey())).isSameAs(entry.getValue());
        }
    }

    @Test
    void idsDifferingOnlyInLengthOrLateCharactersAreDistinct() {
        MessageTable table = new MessageTable();
        String[] ids = {"a", "a\0", "abcdefg", "abcdefgh", "abcdefghijklmno", "abcdefghijklmnp", "abcdefghijklmnop", ""};
        for (String id : ids) {
            table.getOrAdd(id);
            assertThat(table.added()).as(id).isTrue();
        }
        assertThat(table.size()).isEqualTo(ids.length);
        for (String id : ids) {
            table.getOrAdd(id);
            assertThat(table.added()).as(id).isFalse();
        }
    }
}
