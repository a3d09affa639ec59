package io.retrocut.analysis.sweep;

import io.retrocut.events.Hlc;
import io.retrocut.events.VariableType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Events, variables and invariants shared by the sweep tests. */
final class Fixtures {
    private Fixtures() {}

    static final Variables VARIABLES = Variables.of(orderedTypes());

    static final int ROLE = VARIABLES.index("role");
    static final int TERM = VARIABLES.index("term");
    static final int VERSION = VARIABLES.index("version");
    static final int X = VARIABLES.index("x");
    static final int FLAG = VARIABLES.index("flag");
    static final int LOAD = VARIABLES.index("load");

    private static Map<String, VariableType> orderedTypes() {
        Map<String, VariableType> types = new LinkedHashMap<>();
        types.put("role", VariableType.STRING);
        types.put("term", VariableType.LONG);
        types.put("version", VariableType.LONG);
        types.put("x", VariableType.LONG);
        types.put("flag", VariableType.BOOLEAN);
        types.put("load", VariableType.DOUBLE);
        return types;
    }

    static Hlc hlc(long l, int c) {
        return new Hlc(l, c);
    }

    /** An event; {@code assignments} alternates names and values, a null value unsets (like JSON null). */
    static SweepEvent event(String node, long l, int c, String type, Object... assignments) {
        return eventAtLine(node, l, c, type, 1, assignments);
    }

    static SweepEvent eventAtLine(String node, long l, int c, String type, long line, Object... assignments) {
        Object[] values = new Object[VARIABLES.size()];
        for (int i = 0; i < assignments.length; i += 2) {
            Object value = assignments[i + 1];
            if (value instanceof Integer integer) {
                value = integer.longValue();
            }
            values[VARIABLES.index((String) assignments[i])] = value == null ? SweepEvent.UNSET : value;
        }
        return new SweepEvent(node, hlc(l, c), type, values, node + ".jsonl", line, null);
    }

    // Invariants, written against the Cut view so that the sweep and the brute-force reference share them.

    /** At most one leader per term; NULL when a leader has no term. */
    static Boolean electionSafety(Cut cut) {
        Map<Object, Integer> leadersByTerm = new LinkedHashMap<>();
        for (int i = 0; i < cut.nodeCount(); i++) {
            if ("LEADER".equals(cut.value(i, ROLE))) {
                Object term = cut.value(i, TERM);
                if (term == null) {
                    return null;
                }
                if (leadersByTerm.merge(term, 1, Integer::sum) > 1) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Versions differ by at most 2; NULL when a node has no version. */
    static Boolean boundedStaleness(Cut cut) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < cut.nodeCount(); i++) {
            Long version = (Long) cut.value(i, VERSION);
            if (version == null) {
                return null;
            }
            min = Math.min(min, version);
            max = Math.max(max, version);
        }
        return max - min <= 2;
    }

    /** A choppy one: (sum of x + node count + step size) mod 3 → FALSE, TRUE, NULL. */
    static Boolean choppy(Cut cut) {
        long sum = cut.nodeCount() + cut.stepEvents().size();
        for (int i = 0; i < cut.nodeCount(); i++) {
            Long x = (Long) cut.value(i, X);
            sum += x == null ? 0 : x;
        }
        return switch ((int) (sum % 3)) {
            case 0 -> false;
            case 1 -> true;
            default -> null;
        };
    }

    /** No node raises the flag. */
    static Boolean noFlag(Cut cut) {
        for (int i = 0; i < cut.nodeCount(); i++) {
            if (Boolean.TRUE.equals(cut.value(i, FLAG))) {
                return false;
            }
        }
        return true;
    }

    static final CutEvaluator ALL_INVARIANTS = (cut, results) -> {
        results[0] = electionSafety(cut);
        results[1] = boundedStaleness(cut);
        results[2] = choppy(cut);
        results[3] = noFlag(cut);
    };

    static final CutEvaluator ELECTION_SAFETY = (cut, results) -> results[0] = electionSafety(cut);

    /** Every cut of a sweep as text, e.g. {@code 5.0 n1{role=LEADER} n2{}}, for comparing whole sweeps. */
    static List<String> describeCuts(CutSweep sweep) {
        List<String> cuts = new ArrayList<>();
        while (sweep.advance()) {
            cuts.add(describe(sweep.cut()) + " " + sweep.changes());
        }
        return cuts;
    }

    static String describe(Cut cut) {
        StringBuilder text = new StringBuilder().append(cut.hlc());
        for (int i = 0; i < cut.nodeCount(); i++) {
            text.append(' ').append(cut.node(i)).append('{');
            String separator = "";
            for (int variable = 0; variable < cut.variables().size(); variable++) {
                Object value = cut.value(i, variable);
                if (value != null) {
                    text.append(separator).append(cut.variables().name(variable)).append('=').append(value);
                    separator = ",";
                }
            }
            text.append('}');
        }
        text.append(" step=");
        for (SweepEvent event : cut.stepEvents()) {
            text.append(event.node()).append('@').append(event.hlc()).append(';');
        }
        return text.toString();
    }
}
