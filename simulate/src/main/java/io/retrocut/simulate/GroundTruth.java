package io.retrocut.simulate;

import io.retrocut.simulate.SimInvariant.NodeState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * The violations a run planted, from the simulator's own knowledge of every node's state, in the cut semantics of
 * SPEC §3: per key, every distinct HLC of its events is a cut holding each node's fold of its {@code set}s up to that
 * HLC; events with equal HLC enter the same cut; a violation interval runs from its first violating cut to the first
 * following cut that holds, or is open; {@code for:} drops shorter intervals.
 *
 * <p>Events arrive in the order they happen (true time), which is not HLC order when clocks are skewed. They wait in a
 * reorder buffer until {@link #releaseBelow} says no later event can have a smaller HLC: the simulator knows that bound
 * from its clocks (an HLC is never below its node's physical clock, and no physical clock is behind the
 * slowest one), so the buffer holds only the events of the last skew-plus-latency window, never the whole run.
 */
public final class GroundTruth {
    /** One violation interval; {@code end} null when open. */
    public record Interval(String key, Stamp start, Stamp end, long durationMs, long cuts) {
    }

    /** One invariant's totals and intervals sorted by (key, start). */
    public record Result(SimInvariant invariant, long cutsChecked, long violatingCuts, long indeterminateCuts, List<Interval> intervals) {
    }

    private static final Comparator<SimEvent> HLC_ORDER = Comparator.comparing(SimEvent::stamp).thenComparingLong(SimEvent::sequence);

    private final List<SimInvariant> invariants;
    private final PriorityQueue<SimEvent> pending = new PriorityQueue<>(HLC_ORDER);
    private final Map<String, KeyState> keys = new HashMap<>();
    private final Set<KeyState> touched = new LinkedHashSet<>();
    private Stamp current;
    private long events;
    private long cuts;
    private final long[] violatingCuts;
    private final long[] indeterminateCuts;
    private final List<List<Interval>> intervals = new ArrayList<>();

    GroundTruth(List<SimInvariant> invariants) {
        this.invariants = List.copyOf(invariants);
        this.violatingCuts = new long[invariants.size()];
        this.indeterminateCuts = new long[invariants.size()];
        for (int i = 0; i < invariants.size(); i++) {
            intervals.add(new ArrayList<>());
        }
    }

    void accept(SimEvent event) {
        pending.add(event);
    }

    /** Folds, in HLC order, every buffered event whose physical part is below {@code boundL}. */
    void releaseBelow(long boundL) {
        while (!pending.isEmpty() && pending.peek().stamp().l() < boundL) {
            apply(pending.poll());
        }
        // no event yet to come can share the current HLC: it is below the bound
        evaluateTouched();
    }

    void finish() {
        while (!pending.isEmpty()) {
            apply(pending.poll());
        }
        evaluateTouched();
        for (KeyState key : keys.values()) {
            for (int i = 0; i < invariants.size(); i++) {
                Run run = key.runs[i];
                if (run != null) {
                    emit(i, key.key, run, null, run.lastViolatingL - run.start.l());
                }
            }
        }
        Comparator<Interval> byKeyAndStart = Comparator.comparing(Interval::key).thenComparing(Interval::start);
        for (List<Interval> list : intervals) {
            list.sort(byKeyAndStart);
        }
    }

    long events() {
        return events;
    }

    long keys() {
        return keys.size();
    }

    long cuts() {
        return cuts;
    }

    /** Events still waiting for their HLC order to be settled (bounded by the skew window, not the run). */
    int buffered() {
        return pending.size();
    }

    List<Result> results() {
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < invariants.size(); i++) {
            results.add(new Result(invariants.get(i), cuts, violatingCuts[i], indeterminateCuts[i], List.copyOf(intervals.get(i))));
        }
        return results;
    }

    private void apply(SimEvent event) {
        if (current != null && event.stamp().compareTo(current) != 0) {
            evaluateTouched();
        }
        current = event.stamp();
        events++;
        KeyState key = keys.computeIfAbsent(event.key(), k -> new KeyState(k, invariants.size()));
        Map<String, Object> state = key.nodes.computeIfAbsent(event.node(), n -> new TreeMap<>());
        for (Map.Entry<String, Object> assignment : event.set().entrySet()) {
            if (assignment.getValue() == null) {
                state.remove(assignment.getKey());
            } else {
                state.put(assignment.getKey(), assignment.getValue());
            }
        }
        touched.add(key);
    }

    private void evaluateTouched() {
        if (touched.isEmpty()) {
            return;
        }
        for (KeyState key : touched) {
            evaluate(key, current);
        }
        touched.clear();
    }

    private void evaluate(KeyState key, Stamp at) {
        cuts++;
        List<NodeState> nodes = new ArrayList<>(key.nodes.size());
        key.nodes.forEach((node, values) -> nodes.add(new NodeState(node, values)));
        for (int i = 0; i < invariants.size(); i++) {
            Boolean holds = invariants.get(i).predicate().apply(nodes);
            Run run = key.runs[i];
            if (holds == null) {
                indeterminateCuts[i]++;
            }
            if (Boolean.FALSE.equals(holds)) {
                violatingCuts[i]++;
                if (run == null) {
                    run = key.runs[i] = new Run(at);
                }
                run.cuts++;
                run.lastViolatingL = at.l();
            } else if (run != null) {
                // a NULL (indeterminate) cut is not a violation: it ends the run like a cut that holds
                emit(i, key.key, run, at, at.l() - run.start.l());
                key.runs[i] = null;
            }
        }
    }

    private void emit(int invariant, String key, Run run, Stamp end, long durationMs) {
        if (durationMs >= invariants.get(invariant).forMs()) {
            intervals.get(invariant).add(new Interval(key, run.start, end, durationMs, run.cuts));
        }
    }

    private static final class KeyState {
        final String key;
        final TreeMap<String, Map<String, Object>> nodes = new TreeMap<>();
        final Run[] runs;

        KeyState(String key, int invariants) {
            this.key = key;
            this.runs = new Run[invariants];
        }
    }

    private static final class Run {
        final Stamp start;
        long lastViolatingL;
        long cuts;

        Run(Stamp start) {
            this.start = start;
        }
    }
}
