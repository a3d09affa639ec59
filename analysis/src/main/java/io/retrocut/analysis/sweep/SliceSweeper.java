package io.retrocut.analysis.sweep;

import static java.util.Objects.requireNonNull;

import io.retrocut.events.Hlc;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * Sweeps the cuts of one time slice of one key and evaluates the invariants on those inside the window, collecting
 * counts and runs of violating cuts. The Spark job calls it once per (key, slice) partition; {@link IntervalMerger}
 * joins the results.
 */
public final class SliceSweeper {
    private SliceSweeper() {}

    /**
     * @param key the key
     * @param slice the slice's number within the key, copied to the outcome
     * @param variables the dataset's variables
     * @param initial the state left by all of the key's events before this slice ({@link CutState#EMPTY} for the first)
     * @param events the slice's events, sorted by HLC; a group of equal HLCs must not be split between slices
     * @param window the cuts to evaluate
     * @param invariantCount the number of invariants {@code evaluator} reports on
     * @param evaluator evaluates the invariants on one cut
     * @throws IllegalStateException when the events are out of order (see {@link CutSweep#advance()})
     */
    public static SliceOutcome sweep(String key, int slice, Variables variables, CutState initial, Iterator<SweepEvent> events,
            Window window, int invariantCount, CutEvaluator evaluator) {
        return sweep(key, slice, variables, initial, EventCursor.of(events), window, invariantCount, evaluator, Witness::of);
    }

    /**
     * {@link #sweep(String, int, Variables, CutState, Iterator, Window, int, CutEvaluator)} of events read in place,
     * with the witnesses of runs made by {@code witnesses} (e.g. straight into an encoded form; {@link Witness#of}
     * copies the cut). Makes no object per cut, only per run of violating cuts.
     */
    public static SliceOutcome sweep(String key, int slice, Variables variables, CutState initial, EventCursor events,
            Window window, int invariantCount, CutEvaluator evaluator, Function<Cut, Witness> witnesses) {
        requireNonNull(window, "window is null");
        requireNonNull(evaluator, "evaluator is null");
        requireNonNull(witnesses, "witnesses is null");
        if (invariantCount < 0) {
            throw new IllegalArgumentException("invariantCount is negative: " + invariantCount);
        }
        CutSweep sweep = new CutSweep(key, variables, initial, events);
        Boolean[] results = new Boolean[invariantCount];
        long[] violating = new long[invariantCount];
        long[] indeterminate = new long[invariantCount];
        boolean[] firstViolates = new boolean[invariantCount];
        Hlc[] runStart = new Hlc[invariantCount];
        // the last cut of each open run, as numbers: a run's cuts make no object each
        long[] runLastL = new long[invariantCount];
        int[] runLastC = new int[invariantCount];
        long[] runCuts = new long[invariantCount];
        Witness[] runWitness = new Witness[invariantCount];
        List<List<Run>> runs = new ArrayList<>(invariantCount);
        for (int i = 0; i < invariantCount; i++) {
            runs.add(new ArrayList<>());
        }
        Hlc from = window.from();
        Hlc to = window.to();
        long cuts = 0;
        Hlc firstCut = null;
        long lastL = 0;
        int lastC = 0;
        while (sweep.advance()) {
            Cut cut = sweep.cut();
            long l = cut.hlcL();
            int c = cut.hlcC();
            if (from != null && Hlc.compare(l, c, from.l(), from.c()) < 0) {
                continue;
            }
            if (to != null && Hlc.compare(l, c, to.l(), to.c()) > 0) {
                break;
            }
            cuts++;
            if (firstCut == null) {
                firstCut = cut.hlc();
            }
            lastL = l;
            lastC = c;
            Arrays.fill(results, null);
            evaluator.evaluate(cut, results);
            // Invariants that start a run at the same cut share one witness copy.
            Witness witness = null;
            for (int i = 0; i < invariantCount; i++) {
                Boolean result = results[i];
                if (result != null && !result) {
                    violating[i]++;
                    if (cuts == 1) {
                        firstViolates[i] = true;
                    }
                    if (runStart[i] == null) {
                        if (witness == null) {
                            witness = witnesses.apply(cut);
                        }
                        runStart[i] = cut.hlc();
                        runCuts[i] = 0;
                        runWitness[i] = witness;
                    }
                    runCuts[i]++;
                    runLastL[i] = l;
                    runLastC[i] = c;
                } else {
                    if (result == null) {
                        indeterminate[i]++;
                    }
                    if (runStart[i] != null) {
                        runs.get(i).add(new Run(runStart[i], new Hlc(runLastL[i], runLastC[i]), cut.hlc(), runCuts[i], runWitness[i]));
                        runStart[i] = null;
                        runWitness[i] = null;
                    }
                }
            }
        }
        List<InvariantOutcome> invariants = new ArrayList<>(invariantCount);
        for (int i = 0; i < invariantCount; i++) {
            if (runStart[i] != null) {
                runs.get(i).add(new Run(runStart[i], new Hlc(runLastL[i], runLastC[i]), null, runCuts[i], runWitness[i]));
            }
            invariants.add(new InvariantOutcome(cuts, violating[i], indeterminate[i], runs.get(i), firstCut, firstViolates[i]));
        }
        return new SliceOutcome(key, slice, cuts, firstCut, firstCut == null ? null : new Hlc(lastL, lastC), invariants);
    }
}
