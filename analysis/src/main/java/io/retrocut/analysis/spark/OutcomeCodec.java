package io.retrocut.analysis.spark;

import io.retrocut.analysis.report.ArrayDataInput;
import io.retrocut.analysis.report.ArrayDataOutput;
import io.retrocut.analysis.report.IntervalStore;
import io.retrocut.analysis.report.WitnessCodec;
import io.retrocut.analysis.sweep.CutState;
import io.retrocut.analysis.sweep.InvariantOutcome;
import io.retrocut.analysis.sweep.Run;
import io.retrocut.analysis.sweep.SliceOutcome;
import io.retrocut.analysis.sweep.ViolationInterval;
import io.retrocut.analysis.sweep.Witness;
import io.retrocut.events.Hlc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compact binary form of a task's {@link CheckJob.PartitionOutput}, which the driver collects from every task, and
 * of the starting cuts of a part's keys, which the driver sends to the part's task. A check that finds many violations
 * ships tens of thousands of intervals with their witnesses, and a part of a many-key dataset starts from thousands of
 * cuts; Java serialization spent more time on them than the sweep did (its per-object handle table). Here strings
 * (keys, nodes, variable names, files) and witnesses shared by several invariants are written once and referred to by
 * number afterwards. A witness is written in the driver's interval store's own form, which the driver keeps as bytes
 * ({@link Witness#encoded}) and stores without decoding it.
 */
final class OutcomeCodec {

    private OutcomeCodec() {
    }

    static byte[] write(CheckJob.PartitionOutput output) {
        return encode("a task result", writer -> writer.output(output));
    }

    static CheckJob.PartitionOutput read(byte[] bytes) {
        return decode(bytes, "a task result", Reader::output);
    }

    /** The starting cut of each key, in the map's order. */
    static byte[] writeStarts(Map<String, CutState> starts) {
        return encode("starting cuts", writer -> writer.starts(starts));
    }

    static Map<String, CutState> readStarts(byte[] bytes) {
        return decode(bytes, "starting cuts", Reader::starts);
    }

    private interface Encoding {
        void write(Writer writer) throws IOException;
    }

    private interface Decoding<T> {
        T read(Reader reader) throws IOException;
    }

    private static byte[] encode(String what, Encoding encoding) {
        ArrayDataOutput out = new ArrayDataOutput(1 << 12);
        try {
            encoding.write(new Writer(out));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + what, e);
        }
        return out.toByteArray();
    }

    private static <T> T decode(byte[] bytes, String what, Decoding<T> decoding) {
        try {
            return decoding.read(new Reader(new ArrayDataInput(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode " + what, e);
        }
    }

    private static final class Writer {
        private final ArrayDataOutput out;
        private final Map<String, Integer> strings = new HashMap<>();
        private final Map<Witness, Integer> witnesses = new IdentityHashMap<>();
        /** A witness being encoded, before its length is known. */
        private final ArrayDataOutput scratch = new ArrayDataOutput(512);

        Writer(ArrayDataOutput out) {
            this.out = out;
        }

        void output(CheckJob.PartitionOutput output) throws IOException {
            Totals totals = output.totals();
            int invariants = totals.cutsChecked.length;
            out.writeInt(invariants);
            out.writeLong(totals.keys);
            out.writeLong(totals.cuts);
            for (int i = 0; i < invariants; i++) {
                out.writeLong(totals.cutsChecked[i]);
                out.writeLong(totals.violatingCuts[i]);
                out.writeLong(totals.indeterminateCuts[i]);
                List<ViolationInterval> intervals = totals.intervals.get(i);
                out.writeInt(intervals.size());
                for (ViolationInterval interval : intervals) {
                    string(interval.key());
                    hlc(interval.start());
                    hlc(interval.end());
                    out.writeLong(interval.durationMs());
                    out.writeLong(interval.cuts());
                    witness(interval.witness());
                }
            }
            out.writeInt(output.slices().size());
            for (SliceOutcome slice : output.slices()) {
                string(slice.key());
                out.writeInt(slice.slice());
                out.writeLong(slice.cuts());
                hlc(slice.firstCut());
                hlc(slice.lastCut());
                out.writeInt(slice.invariants().size());
                for (InvariantOutcome invariant : slice.invariants()) {
                    out.writeLong(invariant.cutsChecked());
                    out.writeLong(invariant.violatingCuts());
                    out.writeLong(invariant.indeterminateCuts());
                    hlc(invariant.firstCut());
                    out.writeBoolean(invariant.firstCutViolates());
                    out.writeInt(invariant.runs().size());
                    for (Run run : invariant.runs()) {
                        hlc(run.start());
                        hlc(run.lastViolating());
                        hlc(run.end());
                        out.writeLong(run.cuts());
                        witness(run.witness());
                    }
                }
            }
        }

        void starts(Map<String, CutState> starts) throws IOException {
            out.writeInt(starts.size());
            for (Map.Entry<String, CutState> entry : starts.entrySet()) {
                string(entry.getKey());
                CutState state = entry.getValue();
                out.writeInt(state.nodeCount());
                out.writeInt(state.nodeCount() == 0 ? 0 : state.values(0).size());
                for (int node = 0; node < state.nodeCount(); node++) {
                    string(state.node(node));
                    for (Object value : state.values(node)) {
                        WitnessCodec.writeValue(out, this::string, value);
                    }
                }
            }
        }

        /**
         * A witness in the interval store's form ({@link IntervalStore.StoredWitness}), length first, so that the
         * driver passes it on as bytes; or the index of the same witness written before (invariants that start a run
         * at the same cut share one).
         */
        private void witness(Witness witness) throws IOException {
            Integer seen = witnesses.get(witness);
            if (seen != null) {
                out.writeInt(seen);
                return;
            }
            out.writeInt(-1);
            witnesses.put(witness, witnesses.size());
            byte[] stored = witness.bytes(IntervalStore.StoredWitness.FORM);
            if (stored == null) {
                scratch.reset();
                IntervalStore.StoredWitness.write(scratch, witness);
                out.writeInt(scratch.size());
                out.write(scratch.array(), 0, scratch.size());
            } else {
                out.writeInt(stored.length);
                out.write(stored);
            }
        }

        private void hlc(Hlc hlc) throws IOException {
            WitnessCodec.writeHlc(out, hlc);
        }

        /** -1: null; -2: a new string follows (UTF-8, length first); n ≥ 0: the n-th string written before. */
        private void string(String value) throws IOException {
            if (value == null) {
                out.writeInt(-1);
                return;
            }
            Integer seen = strings.get(value);
            if (seen != null) {
                out.writeInt(seen);
                return;
            }
            strings.put(value, strings.size());
            out.writeInt(-2);
            out.writeUtf8WithLength(value, 0);
        }
    }

    private static final class Reader {
        private final ArrayDataInput in;
        private final List<String> strings = new ArrayList<>();
        private final List<Witness> witnesses = new ArrayList<>();

        Reader(ArrayDataInput in) {
            this.in = in;
        }

        CheckJob.PartitionOutput output() throws IOException {
            int invariants = in.readInt();
            Totals totals = new Totals(invariants);
            totals.keys = in.readLong();
            totals.cuts = in.readLong();
            for (int i = 0; i < invariants; i++) {
                totals.cutsChecked[i] = in.readLong();
                totals.violatingCuts[i] = in.readLong();
                totals.indeterminateCuts[i] = in.readLong();
                int count = in.readInt();
                List<ViolationInterval> intervals = totals.intervals.get(i);
                for (int j = 0; j < count; j++) {
                    intervals.add(new ViolationInterval(string(), hlc(), hlc(), in.readLong(), in.readLong(), witness()));
                }
            }
            int sliceCount = in.readInt();
            List<SliceOutcome> slices = new ArrayList<>(sliceCount);
            for (int s = 0; s < sliceCount; s++) {
                String key = string();
                int slice = in.readInt();
                long cuts = in.readLong();
                Hlc firstCut = hlc();
                Hlc lastCut = hlc();
                int count = in.readInt();
                List<InvariantOutcome> outcomes = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    long checked = in.readLong();
                    long violating = in.readLong();
                    long indeterminate = in.readLong();
                    Hlc first = hlc();
                    boolean firstViolates = in.readBoolean();
                    int runCount = in.readInt();
                    List<Run> runs = new ArrayList<>(runCount);
                    for (int r = 0; r < runCount; r++) {
                        runs.add(new Run(hlc(), hlc(), hlc(), in.readLong(), witness()));
                    }
                    outcomes.add(new InvariantOutcome(checked, violating, indeterminate, runs, first, firstViolates));
                }
                slices.add(new SliceOutcome(key, slice, cuts, firstCut, lastCut, outcomes));
            }
            return new CheckJob.PartitionOutput(totals, slices);
        }

        Map<String, CutState> starts() throws IOException {
            int count = in.readInt();
            Map<String, CutState> starts = new HashMap<>(count * 2);
            for (int k = 0; k < count; k++) {
                String key = string();
                String[] nodes = new String[in.readInt()];
                Object[][] values = new Object[nodes.length][in.readInt()];
                for (int node = 0; node < nodes.length; node++) {
                    nodes[node] = string();
                    for (int variable = 0; variable < values[node].length; variable++) {
                        values[node][variable] = WitnessCodec.readValue(in, this::string);
                    }
                }
                starts.put(key, CutState.of(nodes, values));
            }
            return starts;
        }

        private Witness witness() throws IOException {
            int seen = in.readInt();
            if (seen >= 0) {
                return witnesses.get(seen);
            }
            byte[] stored = new byte[in.readInt()];
            in.readFully(stored);
            Witness witness = Witness.encoded(stored, IntervalStore.StoredWitness.FORM);
            witnesses.add(witness);
            return witness;
        }

        private Hlc hlc() throws IOException {
            return WitnessCodec.readHlc(in);
        }

        private String string() throws IOException {
            int tag = in.readInt();
            if (tag == -1) {
                return null;
            }
            if (tag >= 0) {
                return strings.get(tag);
            }
            byte[] utf8 = new byte[in.readInt()];
            in.readFully(utf8);
            String value = new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
            strings.add(value);
            return value;
        }
    }
}
