package io.retrocut.analysis.spark;

import io.retrocut.analysis.invariants.Invariant;
import io.retrocut.analysis.parts.PartDeltas;
import io.retrocut.analysis.parts.PartReader;
import io.retrocut.analysis.report.CheckResult;
import io.retrocut.analysis.report.IntervalStore;
import io.retrocut.analysis.report.SpilledBytes;
import io.retrocut.analysis.sweep.Cut;
import io.retrocut.analysis.sweep.CutEvaluator;
import io.retrocut.analysis.sweep.CutState;
import io.retrocut.analysis.sweep.IntervalMerger;
import io.retrocut.analysis.sweep.SliceOutcome;
import io.retrocut.analysis.sweep.SliceSweeper;
import io.retrocut.analysis.sweep.StateDelta;
import io.retrocut.analysis.sweep.Variables;
import io.retrocut.analysis.sweep.Window;
import io.retrocut.analysis.sweep.Witness;
import io.retrocut.events.EventsSchema;
import io.retrocut.events.Hlc;
import io.retrocut.events.HlcUnit;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import scala.Function1;
import scala.Function2;
import scala.reflect.ClassTag$;
import scala.runtime.BoxedUnit;

/**
 * The {@code check} job on a dataset laid out as {@link io.retrocut.events.EventsSchema#LAYOUT_HLC_SLICED}: every part
 * is already a time slice of every key in it, sorted by (key, HLC), so there is nothing to shuffle or sort. One task
 * per part. With several parts, the driver reads what each part does to each key's state ({@link StateDelta}) from the
 * deltas files ingest wrote next to the parts, or, for datasets without them, a first pass computes those deltas
 * (reading only the key, node and assignment columns); the driver folds them into every part's starting cuts, and the second pass sweeps
 * the parts independently; the driver merges the violation runs that cross part boundaries. The same sweep, merge and
 * report as {@link CheckJob}'s general path, so the result is identical.
 */
final class SlicedCheckJob {
    private SlicedCheckJob() {
    }

    /**
     * The parts a check sweeps, and their starting cuts as they are being folded from the deltas files (on a thread of
     * its own: the deltas of a 10M-event dataset with 1,000 keys take the driver ~0.4 s, most of it in code that runs
     * only this once, while the checks compile on the main thread).
     */
    static final class Plan {
        private final List<EventsDataset.Slice> slices;
        private final long total;
        /** Each part's starting cuts; null when they take a pass over the parts (no deltas files) or there is one part. */
        private final CompletableFuture<List<byte[]>> starts;

        private Plan(List<EventsDataset.Slice> slices, long total, CompletableFuture<List<byte[]>> starts) {
            this.slices = slices;
            this.total = total;
            this.starts = starts;
        }

        /** The starting cuts, waited for; a failure is thrown as the fold threw it (a bad deltas file: UserException). */
        private List<byte[]> starts() {
            try {
                return starts.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                if (e.getCause() instanceof Error failure) {
                    throw failure;
                }
                throw e;
            }
        }
    }

    /** Chooses the parts in {@code window} and begins folding their starting cuts when the dataset has deltas files. */
    static Plan plan(SparkSession spark, EventsDataset events, Window window) {
        List<EventsDataset.Slice> slices = new ArrayList<>();
        long total = 0;
        for (EventsDataset.Slice slice : events.slices()) {
            total += slice.events();
            // events after the window cannot change a cut inside it
            if (slice.events() > 0 && (window.to() == null || slice.first().compareTo(window.to()) <= 0)) {
                slices.add(slice);
            }
        }
        List<EventsDataset.Slice> before = slices.isEmpty() ? List.of() : slices.subList(0, slices.size() - 1);
        if (before.isEmpty() || !before.stream().allMatch(slice -> slice.deltas() != null)) {
            return new Plan(slices, total, null);
        }
        Configuration configuration = spark.sessionState().newHadoopConf();
        CompletableFuture<List<byte[]>> starts = new CompletableFuture<>();
        Thread fold = new Thread(() -> {
            try {
                starts.complete(startsBySlice(slices.size(), position -> readDeltas(configuration, events, before.get(position))));
            } catch (Throwable failure) {
                starts.completeExceptionally(failure);
            }
        }, "retrocut-starting-cuts");
        fold.setDaemon(true);
        fold.start();
        return new Plan(slices, total, starts);
    }

    static CheckResult run(SparkSession spark, EventsDataset events, Plan plan, CompiledChecks checks, Window window, long intervalMemory) {
        List<EventsDataset.Slice> slices = plan.slices;
        long total = plan.total;
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableConfiguration> hadoop = context.broadcast(
                new SerializableConfiguration(spark.sessionState().newHadoopConf()));
        List<SliceTask> tasks = tasks(context, events, plan, hadoop);
        try (OutputBox box = OutputBox.open();
                SpilledBytes outputs = new SpilledBytes(0, java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
            SweepTask task = new SweepTask(checks, events.unit(), window, slices.size() > 1, hadoop, box.id());
            // Each part's output is put aside as its task ends (not collected into one list), and the driver merges the
            // outputs in part order as they come, while later parts are still being swept.
            Arrivals arrivals = new Arrivals(outputs, intervalMemory, slices.size());
            String group = "retrocut-check-" + UUID.randomUUID();
            JavaRDD<byte[]> outcomes = context.parallelize(tasks, Math.max(1, tasks.size())).mapPartitions(task);
            Thread job = new Thread(() -> {
                try {
                    context.sc().setJobGroup(group, "retrocut check", false);
                    if (!tasks.isEmpty()) {
                        context.sc().runJob(outcomes.rdd(),
                                (Function1<scala.collection.Iterator<byte[]>, byte[]> & Serializable) scala.collection.Iterator::next,
                                (Function2<Object, byte[], BoxedUnit>) (index, bytes) -> {
                                    arrivals.arrive((Integer) index, box.take((Integer) index, bytes));
                                    return BoxedUnit.UNIT;
                                }, ClassTag$.MODULE$.apply(byte[].class));
                    }
                    arrivals.end(null);
                } catch (Throwable failure) {
                    arrivals.end(failure);
                }
            }, "retrocut-check-job");
            job.setDaemon(true);
            job.start();
            boolean assembled = false;
            try {
                CheckResult result = CheckJob.assemble(total, checks, events.unit(), arrivals.inPartOrder(), true, intervalMemory);
                arrivals.awaitEnd();
                assembled = true;
                return result;
            } finally {
                if (!assembled) {
                    arrivals.discard();
                    context.sc().cancelJobGroup(group);
                }
                hadoop.destroy();
            }
        }
    }

    /** One task per part, with the starting cuts of the part's keys (none with a single part). */
    private static List<SliceTask> tasks(JavaSparkContext context, EventsDataset events, Plan plan,
            Broadcast<SerializableConfiguration> hadoop) {
        List<EventsDataset.Slice> slices = plan.slices;
        List<SliceTask> tasks = new ArrayList<>();
        if (slices.size() < 2) {
            slices.forEach(slice -> tasks.add(new SliceTask(slice, null)));
            return tasks;
        }
        List<byte[]> starts;
        if (plan.starts != null) {
            starts = plan.starts();
        } else {
            // a dataset without deltas files: a first pass over all parts but the last computes them
            List<EventsDataset.Slice> before = slices.subList(0, slices.size() - 1);
            List<Map<String, StateDelta>> computed = new ArrayList<>();
            Map<Integer, Integer> positions = new HashMap<>();
            for (EventsDataset.Slice slice : before) {
                positions.put(slice.index(), computed.size());
                computed.add(new HashMap<>());
            }
            for (byte[] bytes : context.parallelize(before, before.size()).mapPartitions(new DeltaTask(events.variables(), hadoop)).collect()) {
                for (CheckJob.SliceDelta delta : Serialization.<ArrayList<CheckJob.SliceDelta>>read(bytes)) {
                    computed.get(positions.get(delta.slice())).put(delta.key(), delta.delta());
                }
            }
            starts = startsBySlice(slices.size(), computed::get);
        }
        for (int i = 0; i < slices.size(); i++) {
            tasks.add(new SliceTask(slices.get(i), starts.get(i)));
        }
        return tasks;
    }

    /**
     * The tasks' outputs as they arrive (on Spark's scheduler thread), handed to the driver's thread in part order: part
     * {@code i} as soon as it has arrived. The outputs wait on the heap up to a budget, beyond it in a file (a
     * {@link SpilledBytes}), so parts that finish early cost no heap beyond the budget. A failed job ends the wait with
     * the job's exception, as thrown by {@code runJob}.
     */
    private static final class Arrivals {
        /** Outputs that arrived when the budget was spent, in a file. */
        private final SpilledBytes outputs;
        /** Bytes of arrived outputs not yet taken that may wait on the heap. */
        private final long memory;
        private final long[] offsets;
        /** The arrived outputs waiting on the heap (the heap holds them already: a copy would only add to it). */
        private final byte[][] held;
        private final boolean[] arrived;
        private long heldBytes;
        private boolean ended;
        private boolean discarded;
        private Throwable failure;

        Arrivals(SpilledBytes outputs, long memory, int parts) {
            this.outputs = outputs;
            this.memory = memory;
            this.offsets = new long[parts];
            this.held = new byte[parts][];
            this.arrived = new boolean[parts];
        }

        synchronized void arrive(int part, byte[] bytes) {
            if (discarded) {
                // the driver gave up (its merge failed) and is cancelling the job: the outputs may already be closed
                return;
            }
            if (heldBytes + bytes.length <= memory) {
                held[part] = bytes;
                heldBytes += bytes.length;
            } else {
                offsets[part] = outputs.append(bytes, 0, bytes.length);
            }
            arrived[part] = true;
            notifyAll();
        }

        synchronized void discard() {
            discarded = true;
        }

        synchronized void end(Throwable failure) {
            this.failure = failure;
            ended = true;
            notifyAll();
        }

        synchronized byte[] await(int part) {
            while (!arrived[part]) {
                if (ended) {
                    throw failure();
                }
                waitForChange();
            }
            byte[] output = held[part];
            if (output == null) {
                return outputs.read(offsets[part]);
            }
            held[part] = null;
            heldBytes -= output.length;
            return output;
        }

        synchronized void awaitEnd() {
            while (!ended) {
                waitForChange();
            }
            if (failure != null) {
                throw failure();
            }
        }

        Iterator<byte[]> inPartOrder() {
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < arrived.length;
                }

                @Override
                public byte[] next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return await(next++);
                }
            };
        }

        private void waitForChange() {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the check's tasks", e);
            }
        }

        /** The job's exception, thrown as it is (runJob's SparkException is a checked exception that Scala throws undeclared). */
        private RuntimeException failure() {
            if (failure == null) {
                return new IllegalStateException("the check's job ended without every part's output");
            }
            return Arrivals.<RuntimeException>undeclared(failure);
        }

        @SuppressWarnings("unchecked")
        private static <T extends Throwable> RuntimeException undeclared(Throwable failure) throws T {
            throw (T) failure;
        }
    }

    /**
     * Each slice's starting cuts ({@link OutcomeCodec#writeStarts}), by position: the state of each key after the
     * nearest earlier slice with events of it. A slice before the last gets the keys it has events of (those its delta
     * names); the last gets every key seen before it. So each task receives only the cuts it starts from. The deltas
     * are folded slice by slice: the driver holds one state per key and one slice's deltas at a time.
     *
     * @param deltas what the slice at a position (all but the last) does to each of its keys' state
     */
    static List<byte[]> startsBySlice(int slices, IntFunction<Map<String, StateDelta>> deltas) {
        List<byte[]> starts = new ArrayList<>(slices);
        Map<String, CutState> state = new HashMap<>();
        for (int position = 0; position < slices - 1; position++) {
            Map<String, StateDelta> slice = deltas.apply(position);
            Map<String, CutState> before = new HashMap<>();
            slice.forEach((key, delta) -> {
                CutState start = state.getOrDefault(key, CutState.EMPTY);
                if (start.nodeCount() > 0) {
                    before.put(key, start);
                }
                state.put(key, start.apply(delta));
            });
            starts.add(OutcomeCodec.writeStarts(before));
        }
        state.values().removeIf(start -> start.nodeCount() == 0);
        starts.add(OutcomeCodec.writeStarts(state));
        return starts;
    }

    /** The deltas ingest wrote next to a part, read on the driver: no first pass over the events. */
    private static Map<String, StateDelta> readDeltas(Configuration configuration, EventsDataset events, EventsDataset.Slice slice) {
        String name = new Path(slice.deltas()).getName();
        return PartDeltas.read(configuration, slice.deltas(), EventsSchema.DELTAS_DIRECTORY + "/" + name + " of " + events.path(),
                events.variables());
    }

    private static final class DeltaTask implements FlatMapFunction<Iterator<EventsDataset.Slice>, byte[]> {
        private static final long serialVersionUID = 1L;
        private final Variables variables;
        private final Broadcast<SerializableConfiguration> hadoop;

        DeltaTask(Variables variables, Broadcast<SerializableConfiguration> hadoop) {
            this.variables = variables;
            this.hadoop = hadoop;
        }

        @Override
        public Iterator<byte[]> call(Iterator<EventsDataset.Slice> slices) {
            ArrayList<CheckJob.SliceDelta> deltas = new ArrayList<>();
            while (slices.hasNext()) {
                EventsDataset.Slice slice = slices.next();
                try (PartReader reader = PartReader.open(hadoop.value().value(), slice.path(), variables, PartReader.Columns.DELTA)) {
                    while (reader.nextKey()) {
                        deltas.add(new CheckJob.SliceDelta(reader.key(), slice.index(), reader.delta()));
                    }
                }
            }
            return List.of(Serialization.write(deltas)).iterator();
        }
    }

    /** A part to sweep and its keys' starting cuts ({@link OutcomeCodec#writeStarts}; null: every key starts empty). */
    private record SliceTask(EventsDataset.Slice slice, byte[] starts) implements Serializable {
    }

    private static final class SweepTask implements FlatMapFunction<Iterator<SliceTask>, byte[]> {
        private static final long serialVersionUID = 1L;
        private final CompiledChecks checks;
        private final HlcUnit unit;
        private final Window window;
        private final boolean merged;
        private final Broadcast<SerializableConfiguration> hadoop;
        private final String box;

        /**
         * @param merged whether the driver merges the outcomes (several slices) or the task does (one)
         * @param box the id of the driver's {@link OutputBox}
         */
        SweepTask(CompiledChecks checks, HlcUnit unit, Window window, boolean merged, Broadcast<SerializableConfiguration> hadoop,
                String box) {
            this.checks = checks;
            this.unit = unit;
            this.window = window;
            this.merged = merged;
            this.hadoop = hadoop;
            this.box = box;
        }

        @Override
        public Iterator<byte[]> call(Iterator<SliceTask> tasks) {
            TaskContext context = TaskContext.get();
            CutEvaluator evaluator = checks.newEvaluator(unit, context == null ? 0 : context.partitionId());
            long[] minDurations = checks.invariants().stream().mapToLong(Invariant::minDurationMs).toArray();
            Totals totals = new Totals(checks.size());
            List<SliceOutcome> outcomes = new ArrayList<>();
            Function<Cut, Witness> witnesses = IntervalStore.StoredWitness.maker();
            Hlc to = window.to();
            while (tasks.hasNext()) {
                SliceTask sliceTask = tasks.next();
                EventsDataset.Slice slice = sliceTask.slice();
                Map<String, CutState> starts = sliceTask.starts() == null ? Map.of() : OutcomeCodec.readStarts(sliceTask.starts());
                try (PartReader reader = PartReader.open(hadoop.value().value(), slice.path(), checks.variables(), PartReader.Columns.SWEEP)) {
                    while (reader.nextKey()) {
                        Hlc first = reader.peekHlc();
                        if (to != null && first.compareTo(to) > 0) {
                            continue;
                        }
                        String key = reader.key();
                        CutState start = starts.getOrDefault(key, CutState.EMPTY);
                        SliceOutcome outcome = SliceSweeper.sweep(key, slice.index(), checks.variables(), start, reader.cursor(to),
                                window, checks.size(), evaluator, witnesses);
                        if (merged) {
                            outcomes.add(outcome);
                        } else {
                            totals.keys++;
                            totals.add(IntervalMerger.merge(key, List.of(outcome), unit, minDurations));
                        }
                    }
                }
            }
            byte[] output = OutcomeCodec.write(new CheckJob.PartitionOutput(totals, outcomes));
            return List.of(OutputBox.deliver(box, context == null ? 0 : context.partitionId(), output)).iterator();
        }
    }
}
