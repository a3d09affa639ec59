package io.retrocut.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retrocut.analysis.sweep.Cut;
import io.retrocut.analysis.sweep.CutState;
import io.retrocut.analysis.sweep.CutSweep;
import io.retrocut.analysis.sweep.SweepEvent;
import io.retrocut.analysis.sweep.Variables;
import io.retrocut.analysis.sweep.ViolationInterval;
import io.retrocut.analysis.sweep.Witness;
import io.retrocut.events.Hlc;
import io.retrocut.events.VariableType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntervalStoreTest {
    @TempDir
    Path temp;

    @Test
    void givesEachInvariantsIntervalsByKeyThenStartWithTheirWitnessesWhetherInMemoryOrSpilled() {
        Random random = new Random(3);
        List<List<ViolationInterval>> added = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        // keys interleaved as a merge emits them; each key's intervals in start order
        String[] keys = {"raft-10", "raft-2", "", "g\u00e9", "raft-1"};
        long[] next = new long[keys.length * 3];
        for (int n = 0; n < 500; n++) {
            int invariant = random.nextInt(2);
            int key = random.nextInt(keys.length);
            long start = next[invariant * keys.length + key] += 1 + random.nextInt(5);
            added.get(invariant).add(interval(keys[key], start, random));
        }
        for (long memory : new long[] {1 << 20, 100, 0}) {
            try (IntervalStore store = new IntervalStore(3, memory, temp)) {
                for (int invariant = 0; invariant < 3; invariant++) {
                    for (ViolationInterval interval : added.get(invariant)) {
                        store.add(invariant, interval);
                    }
                }
                assertThat(store.spilled()).as("memory %s", memory).isEqualTo(memory < 1 << 20);
                for (int invariant = 0; invariant < 3; invariant++) {
                    List<ViolationInterval> expected = new ArrayList<>(added.get(invariant));
                    expected.sort(Comparator.comparing(ViolationInterval::key).thenComparing(ViolationInterval::start));
                    List<ViolationInterval> stored = store.intervals(invariant);
                    assertThat(stored).as("memory %s, invariant %s", memory, invariant).isEqualTo(expected);
                    assertThat(IntervalStore.isStored(stored)).isTrue();
                    if (!expected.isEmpty()) {
                        assertThat(stored.get(expected.size() - 1)).isEqualTo(expected.get(expected.size() - 1));
                        assertThat(stored.get(expected.size() / 2)).isEqualTo(expected.get(expected.size() / 2));
                    }
                    assertThatThrownBy(() -> stored.get(expected.size())).isInstanceOf(IndexOutOfBoundsException.class);
                }
                assertThat(store.intervals(2)).isEmpty();
            }
        }
    }

    @Test
    void refusesAKeysIntervalsOutOfStartOrder() {
        try (IntervalStore store = new IntervalStore(1, 1 << 20, temp)) {
            store.add(0, interval("k", 10, new Random(1)));
            assertThatThrownBy(() -> store.add(0, interval("k", 10, new Random(2))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("interval of key 'k' starting at 10.1 added after one starting at 10.1");
        }
    }

    @Test
    void storesAWitnessKeptInItsFormAsItsBytesAndDecodesItOnlyWhenRead() throws Exception {
        ViolationInterval made = interval("k", 10, new Random(4));
        ArrayDataOutput out = new ArrayDataOutput(64);
        IntervalStore.StoredWitness.write(out, made.witness());
        byte[] bytes = out.toByteArray();
        Witness kept = Witness.encoded(bytes, IntervalStore.StoredWitness.FORM);
        ViolationInterval arrived = new ViolationInterval("k", made.start(), made.end(), made.durationMs(), made.cuts(), kept);

        assertThat(kept.bytes(IntervalStore.StoredWitness.FORM)).isSameAs(bytes);
        assertThat(made.witness().bytes(IntervalStore.StoredWitness.FORM)).isNull();
        try (IntervalStore fromObjects = new IntervalStore(1, 1 << 20, temp); IntervalStore fromBytes = new IntervalStore(1, 1 << 20, temp)) {
            fromObjects.add(0, made);
            fromBytes.add(0, arrived);
            assertThat(json(fromBytes.intervals(0))).isEqualTo(json(fromObjects.intervals(0)));
            assertThat(fromBytes.intervals(0)).containsExactly(made);
        }
        assertThat(kept).isEqualTo(made.witness()).hasSameHashCodeAs(made.witness()).hasToString(made.witness().toString());
        assertThat(kept.nodes()).isEqualTo(made.witness().nodes());
    }

    @Test
    void theMakerEncodesEachCutAsTheWitnessOfTheCutWouldBeEncoded() throws Exception {
        Variables variables = new Variables(List.of("role", "term", "load", "up"),
                List.of(VariableType.STRING, VariableType.LONG, VariableType.DOUBLE, VariableType.BOOLEAN));
        Random random = new Random(9);
        List<SweepEvent> events = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Object[] values = new Object[variables.size()];
            for (int variable = 0; variable < values.length; variable++) {
                values[variable] = switch (random.nextInt(8)) {
                    case 0 -> SweepEvent.UNSET;
                    case 1 -> switch (variable) {
                        case 0 -> random.nextBoolean() ? "LEADER" : "folløwer ✓";
                        case 1 -> (long) random.nextInt(5);
                        case 2 -> random.nextDouble();
                        default -> random.nextBoolean();
                    };
                    default -> null;
                };
            }
            String node = "n" + random.nextInt(4);
            events.add(new SweepEvent(node, new Hlc(100 + i / 3, i % 3), random.nextBoolean() ? null : "Vote", values,
                    "/logs/" + node + ".jsonl", i + 1, random.nextBoolean() ? null : "{\"msg\":\"é " + i + "\"}"));
        }
        events.sort(Comparator.comparing(SweepEvent::hlc).thenComparing(SweepEvent::node));
        CutSweep sweep = new CutSweep("k", variables, CutState.EMPTY, events.iterator());
        java.util.function.Function<Cut, Witness> maker = IntervalStore.StoredWitness.maker();
        int cuts = 0;
        while (sweep.advance()) {
            ArrayDataOutput expected = new ArrayDataOutput(64);
            Witness copy = Witness.of(sweep.cut());
            IntervalStore.StoredWitness.write(expected, copy);

            Witness made = maker.apply(sweep.cut());
            assertThat(made.bytes(IntervalStore.StoredWitness.FORM)).isEqualTo(expected.toByteArray());
            assertThat(made).isEqualTo(copy);
            cuts++;
        }
        assertThat(cuts).isGreaterThan(100);
    }

    @Test
    void refusesAStoredWitnessWithBytesLeftOver() throws Exception {
        ArrayDataOutput out = new ArrayDataOutput(64);
        IntervalStore.StoredWitness.write(out, interval("k", 10, new Random(5)).witness());
        out.writeInt(7);
        Witness kept = Witness.encoded(out.toByteArray(), IntervalStore.StoredWitness.FORM);

        assertThatThrownBy(kept::nodes).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessage("cannot decode a witness").hasRootCauseMessage("4 bytes left after the witness");
    }

    private static String json(List<ViolationInterval> intervals) throws java.io.IOException {
        java.io.StringWriter text = new java.io.StringWriter();
        IntervalStore.writeJson(intervals, new IntervalJson(text), null);
        return text.toString();
    }

    private static ViolationInterval interval(String key, long start, Random random) {
        List<Witness.Node> nodes = new ArrayList<>();
        for (int node = 1; node <= 1 + random.nextInt(3); node++) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("term", (long) random.nextInt(9));
            values.put("role", random.nextBoolean() ? "LEADER" : "FOLLOWER");
            if (random.nextBoolean()) {
                values.put("healthy", random.nextBoolean());
            }
            if (random.nextBoolean()) {
                values.put("lag", random.nextDouble());
            }
            nodes.add(new Witness.Node("n" + node, values));
        }
        List<Witness.Event> events = List.of(new Witness.Event("n1", new Hlc(start, 1), random.nextBoolean() ? null : "Vote",
                "logs/n1.jsonl", start * 3, random.nextBoolean() ? null : "{\"msg\":\"granted \u00e9\"}"));
        boolean open = random.nextInt(4) == 0;
        return new ViolationInterval(key, new Hlc(start, 1), open ? null : new Hlc(start + 1, 0), random.nextInt(3),
                1 + random.nextInt(5), new Witness(nodes, events));
    }
}
