package io.retrocut.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The message table of pass 1: dense numbers per distinct id, duplicate sends, and the state the merge keeps. */
class CausalLinksTest {
    private static final List<String> FILES = List.of("a.jsonl", "b.jsonl");

    @Test
    void tablesDoubleUpToTheLargestArrayAndNoFurther() {
        assertThat(CausalLinks.grow(4096, 4100, "bytes")).isEqualTo(8192);
        assertThat(CausalLinks.grow(4096, 10_000, "bytes")).isEqualTo(10_000);
        // 2 × 2^30 is no int: the last step goes to the largest array, not to a negative length
        assertThat(CausalLinks.grow(1 << 30, (1L << 30) + 1, "bytes")).isEqualTo(CausalLinks.MAX_ARRAY);
        assertThatThrownBy(() -> CausalLinks.grow(CausalLinks.MAX_ARRAY, CausalLinks.MAX_ARRAY + 1L, "bytes of distinct message ids"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the message-id table is full: 2147483640 bytes of distinct message ids are more than an array holds "
                        + "(2147483639)");
    }

    @Test
    void numbersEveryDistinctIdOnceInOrderOfFirstAppearance() {
        CausalLinks links = new CausalLinks();
        Random random = new Random(3);
        Map<String, Integer> expected = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (int line = 1; line <= 20_000; line++) {
            EventRecord event = new EventRecord();
            event.reset();
            // sends are new ids; receives name earlier ids, new ones (no send yet) and non-ASCII ones
            for (int k = random.nextInt(3); k > 0; k--) {
                event.send.add("m" + line + "." + k);
            }
            for (int k = random.nextInt(3); k > 0; k--) {
                event.recv.add(random.nextInt(4) == 0 ? "ü" + random.nextInt(50) : "m" + random.nextInt(line + 5)
                        + "." + (1 + random.nextInt(2)));
            }
            assertThat(links.checkAndRecord(event, 0, line, FILES)).isNull();
            for (int i = 0; i < event.send.size(); i++) {
                assertThat(event.sendIds[i]).isEqualTo(number(expected, ids, event.send.get(i)));
            }
            for (int i = 0; i < event.recv.size(); i++) {
                assertThat(event.recvIds[i]).isEqualTo(number(expected, ids, event.recv.get(i)));
            }
        }
        assertThat(links.messages()).isEqualTo(ids.size());
        for (int number = 0; number < ids.size(); number++) {
            assertThat(links.find(ids.get(number))).isEqualTo(number);
        }
        assertThat(links.find("m0.9")).isEqualTo(-1);
        assertThat(links.find("ü-1")).isEqualTo(-1);
    }

    @Test
    void aDuplicateSendIsRejectedAndRecordsNothing() {
        CausalLinks links = new CausalLinks();
        assertThat(links.checkAndRecord(event(List.of("m1", "m2"), List.of("m9")), 0, 4, FILES)).isNull();
        int m9 = links.find("m9");

        // new ids of a rejected event are forgotten, whichever of its sends is the duplicate
        assertThat(links.checkAndRecord(event(List.of("x1", "ø2", "m2"), List.of("x3")), 1, 7, FILES))
                .isEqualTo("duplicate message id 'm2' (first sent at a.jsonl:4)");
        assertThat(links.checkAndRecord(event(List.of("y1", "y1"), List.of()), 1, 8, FILES))
                .isEqualTo("duplicate message id 'y1' (first sent at b.jsonl:8)");
        assertThat(links.find("x1")).isEqualTo(-1);
        assertThat(links.find("ø2")).isEqualTo(-1);
        assertThat(links.find("x3")).isEqualTo(-1);
        assertThat(links.find("y1")).isEqualTo(-1);
        assertThat(links.messages()).isEqualTo(3);

        // the numbers of the rejected ids are given again, and the receive of m9 is still counted once
        EventRecord next = event(List.of("ø2", "m9"), List.of());
        assertThat(links.checkAndRecord(next, 1, 9, FILES)).isNull();
        assertThat(next.sendIds[0]).isEqualTo(3);
        assertThat(next.sendIds[1]).isEqualTo(m9);
        assertThat(links.receives(m9)).isEqualTo(1);
        assertThat(links.sendFile(m9)).isEqualTo(1);
        assertThat(links.sendLine(m9)).isEqualTo(9);
    }

    @Test
    void idsThatEncodeAlikeStayDistinct() {
        CausalLinks links = new CausalLinks();
        // an unpaired surrogate encodes to '?' in UTF-8: the table must compare the ids, not their encodings
        assertThat(links.checkAndRecord(event(List.of("\ud800", "?", "é", "e"), List.of()), 0, 1, FILES)).isNull();
        assertThat(List.of(links.find("\ud800"), links.find("?"), links.find("é"), links.find("e")))
                .containsExactly(0, 1, 2, 3);
    }

    @Test
    void theMergeStateByNumber() {
        CausalLinks links = new CausalLinks();
        links.record(List.of("m1"), List.of("m1", "m2"), 0, 3);
        links.record(List.of(), List.of("m1"), 1, 5);
        int m1 = links.find("m1");
        int m2 = links.find("m2");
        assertThat(links.hasSend(m1)).isTrue();
        assertThat(links.hasSend(m2)).isFalse();
        assertThat(links.receives(m1)).isEqualTo(2);

        links.markSent(m1, 17, 2);
        assertThat(links.sent(m1)).isTrue();
        assertThat(links.sentL(m1)).isEqualTo(17);
        assertThat(links.sentC(m1)).isEqualTo(2);
        links.received(m1);
        links.received(m1);
        links.forget(m1);
        links.forget(m1);
        assertThat(links.messages()).isEqualTo(1);
        assertThatThrownBy(() -> links.received(m1)).isInstanceOf(IllegalStateException.class);

        links.endOfInput();
        assertThat(links.receives(m2)).isEqualTo(1);
        assertThatThrownBy(() -> links.find("m2")).isInstanceOf(IllegalStateException.class);
    }

    /** The number an id should have: the next one the first time it appears (a receive may come before the send). */
    private static int number(Map<String, Integer> numbers, List<String> ids, String id) {
        Integer number = numbers.get(id);
        if (number == null) {
            number = ids.size();
            numbers.put(id, number);
            ids.add(id);
        }
        return number;
    }

    private static EventRecord event(List<String> sends, List<String> receives) {
        EventRecord event = new EventRecord();
        event.reset();
        event.send.addAll(sends);
        event.recv.addAll(receives);
        return event;
    }
}
