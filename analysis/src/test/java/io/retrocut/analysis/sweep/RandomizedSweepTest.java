package io.retrocut.analysis.sweep;

import static io.retrocut.analysis.sweep.Fixtures.ALL_INVARIANTS;
import static io.retrocut.analysis.sweep.Fixtures.VARIABLES;
import static org.assertj.core.api.Assertions.assertThat;

import io.retrocut.events.Hlc;
import io.retrocut.events.HlcUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random event sets checked against the brute-force {@link ReferenceSweep}: whole-key sweeps and time-sliced sweeps
 * (deltas, prefix fold, {@link SliceSweeper}, {@link IntervalMerger}) must give identical intervals and counts.
 */
class RandomizedSweepTest {
    private static final String[] ROLES = {"LEADER", "FOLLOWER", "CANDIDATE"};
    private static final int ITERATIONS = 300;

    @ParameterizedTest
    @ValueSource(longs = {1L, 42L, 20261123L})
    void sweepAndSlicesAgreeWithBruteForce(long seed) {
        Random random = new Random(seed);
        long violatingIntervals = 0;
        long slicedRunsCrossingBoundaries = 0;
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            HlcUnit unit = HlcUnit.values()[random.nextInt(HlcUnit.values().length)];
            long step = switch (unit) {
                case MS -> 1;
                case US -> 1 + random.nextInt(900);
                case NS -> 1 + random.nextInt(400_000);
            };
            long[] minDurationMs = new long[4];
            for (int i = 0; i < minDurationMs.length; i++) {
                minDurationMs[i] = random.nextInt(3) == 0 ? random.nextInt(12) : 0;
            }
            for (int keyIndex = 0; keyIndex < 3; keyIndex++) {
                String key = "g" + keyIndex;
                List<SweepEvent> events = randomEvents(random, step);
                Window window = randomWindow(random, step);
                String context = "seed " + seed + " iteration " + iteration + " key " + key + " unit " + unit + " window " + window;

                KeyOutcome expected = ReferenceSweep.check(key, VARIABLES, events, window, ALL_INVARIANTS, unit, minDurationMs);
                KeyOutcome swept = KeySweep.check(key, VARIABLES, events.iterator(), window, ALL_INVARIANTS, unit, minDurationMs);
                assertThat(swept).as(context).isEqualTo(expected);

                List<List<SweepEvent>> slices = randomSlices(random, events, step);
                List<SliceOutcome> outcomes = new ArrayList<>();
                CutState state = CutState.EMPTY;
                List<StateDelta> deltas = new ArrayList<>();
                for (List<SweepEvent> slice : slices) {
                    deltas.add(StateDelta.of(key, VARIABLES, slice.iterator()));
                }
                for (int index = 0; index < slices.size(); index++) {
                    outcomes.add(SliceSweeper.sweep(
                            key, index, VARIABLES, state, slices.get(index).iterator(), window, 4, ALL_INVARIANTS));
                    state = state.apply(deltas.get(index));
                }
                assertThat(state).as(context).isEqualTo(ReferenceSweep.finalState(VARIABLES, events));
                KeyOutcome merged = IntervalMerger.merge(key, outcomes, unit, minDurationMs);
                assertThat(merged).as(context + " slices " + slices.size()).isEqualTo(expected);

                for (InvariantResult result : expected.invariants()) {
                    violatingIntervals += result.intervals().size();
                }
                for (SliceOutcome outcome : outcomes) {
                    for (InvariantOutcome invariant : outcome.invariants()) {
                        if (!invariant.runs().isEmpty() && invariant.runs().get(invariant.runs().size() - 1).isOpen()) {
                            slicedRunsCrossingBoundaries++;
                        }
                    }
                }
            }
        }
        // The generator must exercise what it is meant to test.
        assertThat(violatingIntervals).isGreaterThan(ITERATIONS);
        assertThat(slicedRunsCrossingBoundaries).isGreaterThan(ITERATIONS / 2);
    }

    /** Events of one key sorted by HLC, equal HLCs in random order, each node's HLCs distinct. */
    static List<SweepEvent> randomEvents(Random random, long step) {
        int nodes = 1 + random.nextInt(12);
        int count = random.nextInt(120);
        int range = 1 + random.nextInt(40);
        Set<String> used = new HashSet<>();
        List<SweepEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String node = "n" + random.nextInt(nodes);
            Hlc hlc = new Hlc(1_000 + random.nextInt(range) * step, random.nextInt(3));
            if (!used.add(node + "@" + hlc)) {
                continue;
            }
            Object[] values = new Object[VARIABLES.size()];
            values[Fixtures.ROLE] = maybe(random, ROLES[random.nextInt(ROLES.length)]);
            values[Fixtures.TERM] = maybe(random, (long) (1 + random.nextInt(3)));
            values[Fixtures.VERSION] = maybe(random, (long) random.nextInt(6));
            values[Fixtures.X] = maybe(random, (long) random.nextInt(5));
            values[Fixtures.FLAG] = maybe(random, random.nextInt(4) == 0);
            values[Fixtures.LOAD] = maybe(random, random.nextDouble());
            events.add(new SweepEvent(node, hlc, "E" + random.nextInt(3), values, node + ".jsonl", i + 1, i % 5 == 0 ? "{\"i\":" + i + "}" : null));
        }
        Collections.shuffle(events, random);
        // A stable sort keeps the shuffled order among equal HLCs.
        events.sort(Comparator.comparing(SweepEvent::hlc));
        return events;
    }

    private static Object maybe(Random random, Object value) {
        int roll = random.nextInt(10);
        return roll < 6 ? null : roll < 7 ? SweepEvent.UNSET : value;
    }

    private static Window randomWindow(Random random, long step) {
        return switch (random.nextInt(4)) {
            case 0, 1 -> Window.ALL;
            default -> {
                Hlc from = random.nextBoolean() ? null : new Hlc(1_000 + random.nextInt(30) * step, random.nextInt(3));
                Hlc to = random.nextBoolean() ? null : new Hlc(1_000 + random.nextInt(45) * step, random.nextInt(3));
                if (from != null && to != null && to.compareTo(from) < 0) {
                    Hlc swap = from;
                    from = to;
                    to = swap;
                }
                yield new Window(from, to);
            }
        };
    }

    /** Splits at random HLC boundaries (existing HLCs or any), never inside a group of equal HLCs; may leave empty slices. */
    private static List<List<SweepEvent>> randomSlices(Random random, List<SweepEvent> events, long step) {
        TreeSet<Hlc> boundaries = new TreeSet<>();
        int count = random.nextInt(6);
        for (int i = 0; i < count; i++) {
            if (!events.isEmpty() && random.nextBoolean()) {
                boundaries.add(events.get(random.nextInt(events.size())).hlc());
            } else {
                boundaries.add(new Hlc(1_000 + random.nextInt(45) * step, random.nextInt(3)));
            }
        }
        List<List<SweepEvent>> slices = new ArrayList<>();
        List<SweepEvent> current = new ArrayList<>();
        for (SweepEvent event : events) {
            while (!boundaries.isEmpty() && boundaries.first().compareTo(event.hlc()) <= 0) {
                boundaries.pollFirst();
                slices.add(current);
                current = new ArrayList<>();
            }
            current.add(event);
        }
        slices.add(current);
        if (random.nextInt(4) == 0) {
            slices.add(new ArrayList<>());
        }
        return slices;
    }
}
