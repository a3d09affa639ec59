package io.retrocut.analysis.sweep;

import io.retrocut.events.Hlc;
import io.retrocut.events.HlcUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The brute-force reading of SPEC §3: every cut rebuilt from scratch (filter events ≤ t, fold in HLC order) and
 * intervals found by a naive scan. Slow and obviously right; the sweep must agree with it exactly.
 */
final class ReferenceSweep {
    private ReferenceSweep() {}

    /** A cut held in plain collections. */
    record ListCut(String key, Hlc hlc, List<String> nodes, List<Object[]> rows, Variables variables, List<SweepEvent> stepEvents)
            implements Cut {
        @Override
        public int nodeCount() {
            return nodes.size();
        }

        @Override
        public String node(int index) {
            return nodes.get(index);
        }

        @Override
        public Object value(int index, int variable) {
            return rows.get(index)[variable];
        }
    }

    static List<ListCut> cuts(String key, Variables variables, List<SweepEvent> events) {
        TreeSet<Hlc> times = new TreeSet<>();
        events.forEach(event -> times.add(event.hlc()));
        List<SweepEvent> inHlcOrder = new ArrayList<>(events);
        inHlcOrder.sort(Comparator.comparing(SweepEvent::hlc));
        List<ListCut> cuts = new ArrayList<>();
        for (Hlc t : times) {
            List<SweepEvent> upTo = new ArrayList<>();
            for (SweepEvent event : inHlcOrder) {
                if (event.hlc().compareTo(t) <= 0) {
                    upTo.add(event);
                }
            }
            TreeMap<String, Object[]> state = new TreeMap<>();
            for (SweepEvent event : upTo) {
                Object[] row = state.computeIfAbsent(event.node(), node -> new Object[variables.size()]);
                for (int variable = 0; variable < variables.size(); variable++) {
                    Object assignment = event.assignment(variable);
                    if (assignment != null) {
                        row[variable] = assignment == SweepEvent.UNSET ? null : assignment;
                    }
                }
            }
            List<SweepEvent> step = new ArrayList<>();
            for (SweepEvent event : events) {
                if (event.hlc().equals(t)) {
                    step.add(event);
                }
            }
            step.sort(Comparator.comparing(SweepEvent::node));
            cuts.add(new ListCut(key, t, List.copyOf(state.keySet()), List.copyOf(state.values()), variables, List.copyOf(step)));
        }
        return cuts;
    }

    static CutState finalState(Variables variables, List<SweepEvent> events) {
        List<ListCut> cuts = cuts("", variables, events);
        if (cuts.isEmpty()) {
            return CutState.EMPTY;
        }
        ListCut last = cuts.get(cuts.size() - 1);
        return new CutState(last.nodes().toArray(new String[0]), last.rows().toArray(new Object[0][]));
    }

    static KeyOutcome check(String key, Variables variables, List<SweepEvent> events, Window window, CutEvaluator evaluator,
            HlcUnit unit, long[] minDurationMs) {
        List<ListCut> cuts = new ArrayList<>();
        for (ListCut cut : cuts(key, variables, events)) {
            if (window.contains(cut.hlc())) {
                cuts.add(cut);
            }
        }
        int invariantCount = minDurationMs.length;
        List<Boolean[]> results = new ArrayList<>();
        for (ListCut cut : cuts) {
            Boolean[] result = new Boolean[invariantCount];
            evaluator.evaluate(cut, result);
            results.add(result);
        }
        List<InvariantResult> invariants = new ArrayList<>();
        for (int i = 0; i < invariantCount; i++) {
            long violating = 0;
            long indeterminate = 0;
            List<ViolationInterval> intervals = new ArrayList<>();
            for (int index = 0; index < cuts.size(); index++) {
                Boolean result = results.get(index)[i];
                if (result == null) {
                    indeterminate++;
                } else if (!result) {
                    violating++;
                }
            }
            int index = 0;
            while (index < cuts.size()) {
                if (!Boolean.FALSE.equals(results.get(index)[i])) {
                    index++;
                    continue;
                }
                int first = index;
                while (index < cuts.size() && Boolean.FALSE.equals(results.get(index)[i])) {
                    index++;
                }
                Hlc start = cuts.get(first).hlc();
                Hlc end = index < cuts.size() ? cuts.get(index).hlc() : null;
                long length = (end != null ? end : cuts.get(index - 1).hlc()).l() - start.l();
                if (length >= minDurationMs[i] * unit.perMillisecond()) {
                    intervals.add(new ViolationInterval(key, start, end, unit.toMillis(length), index - first, Witness.of(cuts.get(first))));
                }
            }
            invariants.add(new InvariantResult(cuts.size(), violating, indeterminate, intervals));
        }
        return new KeyOutcome(key, cuts.size(), invariants);
    }
}
