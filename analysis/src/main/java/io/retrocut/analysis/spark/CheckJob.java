package io.retrocut.analysis.spark;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.retrocut.analysis.invariants.Invariant;
import io.retrocut.analysis.report.CheckResult;
import io.retrocut.analysis.report.IntervalStore;
import io.retrocut.analysis.sweep.Cut;
import io.retrocut.analysis.sweep.CutEvaluator;
import io.retrocut.analysis.sweep.CutState;
import io.retrocut.analysis.sweep.EventCursor;
import io.retrocut.analysis.sweep.IntervalMerger;
import io.retrocut.analysis.sweep.SliceOutcome;
import io.retrocut.analysis.sweep.SliceSweeper;
import io.retrocut.analysis.sweep.StateDelta;
import io.retrocut.analysis.sweep.ViolationInterval;
import io.retrocut.analysis.sweep.Window;
import io.retrocut.analysis.sweep.Witness;
import io.retrocut.events.EventsSchema;
import io.retrocut.events.HlcUnit;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code check} job: the Spark wiring around the sweep core. It splits the work into (key, time slice) groups,
 * sorts each group by HLC, and runs {@link SliceSweeper} on every group with the compiled checks.
 *
 * <p>Keys are independent, so many keys spread over the cluster by hashing. A hot key (one raft group, one global
 * key) is cut into time slices so that it too uses every core: a first pass computes, in parallel, what each slice
 * does to the state ({@link StateDelta}); the driver folds those into every slice's starting cut; the second pass
 * sweeps the slices independently and the driver merges the violation runs that cross slice boundaries. The result
 * does not depend on partitioning, parallelism or slicing.
 */
public final class CheckJob {
    private static final String SLICE = "slice";
    private static final String SLICES = "slices";
    private static final String LOW = "slice_low";
    private static final String WIDTH = "slice_width";

    /**
     * @param window cuts to evaluate; state from before the window still counts
     * @param timeSlices 0 = slice hot keys automatically; n &gt; 0 = cut every key into up to n time slices
     * @param partitions tasks per pass; 0 = four per core of the session
     * @param intervalMemory bytes of encoded violation intervals the driver keeps in memory; beyond, they go to a
     *     temporary file ({@link IntervalStore})
     */
    public record Options(Window window, int timeSlices, int partitions, long intervalMemory) {
        public static final Options DEFAULT = new Options(Window.ALL, 0, 0);

        public Options(Window window, int timeSlices, int partitions) {
            this(window, timeSlices, partitions, IntervalStore.DEFAULT_MEMORY);
        }
    }

    private CheckJob() {
    }

    /**
     * What a check does before it needs the checks themselves: on a dataset whose parts are time slices, its parts'
     * starting cuts are folded from the deltas files on a thread of their own, beside the compiling of the checks
     * ({@link SlicedCheckJob#plan}).
     */
    public static final class Prepared {
        private final EventsDataset events;
        private final Options options;
        /** Null when the events are shuffled and sorted instead. */
        private final SlicedCheckJob.Plan sliced;

        private Prepared(EventsDataset events, Options options, SlicedCheckJob.Plan sliced) {
            this.events = events;
            this.options = options;
            this.sliced = sliced;
        }
    }

    /** Begins a check of {@code events}; {@link #run(SparkSession, Prepared, CompiledChecks)} completes it. */
    public static Prepared prepare(SparkSession spark, EventsDataset events, Options options) {
        boolean sliced = !events.slices().isEmpty() && options.timeSlices() == 0 && options.partitions() == 0;
        return new Prepared(events, options, sliced ? SlicedCheckJob.plan(spark, events, options.window()) : null);
    }

    public static CheckResult run(SparkSession spark, EventsDataset events, CompiledChecks checks, Options options) {
        return run(spark, prepare(spark, events, options), checks);
    }

    public static CheckResult run(SparkSession spark, Prepared prepared, CompiledChecks checks) {
        EventsDataset events = prepared.events;
        Options options = prepared.options;
        if (prepared.sliced != null) {
            return SlicedCheckJob.run(spark, events, prepared.sliced, checks, options.window(), options.intervalMemory());
        }
        int parallelism = spark.sparkContext().defaultParallelism();
        int partitions = options.partitions() > 0 ? options.partitions() : Math.max(1, parallelism * 4);
        Dataset<Row> rows = events.rows();
        long total = rows.count();
        if (options.window().to() != null) {
            // Events after the window cannot change any cut inside it.
            long l = options.window().to().l();
            int c = options.window().to().c();
            rows = rows.filter(col(EventsSchema.HLC_L).lt(l).or(col(EventsSchema.HLC_L).equalTo(l).and(col(EventsSchema.HLC_C).leq(c))));
        }
        Dataset<Row> sliced = assignSlices(rows, total, parallelism, options.timeSlices());
        Map<String, TreeMap<Integer, CutState>> starts = sliceStarts(spark, sliced, events, partitions);
        Broadcast<Map<String, TreeMap<Integer, CutState>>> broadcastStarts = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(starts);

        SweepTask task = new SweepTask(checks, events.unit(), options.window(), broadcastStarts);
        List<byte[]> outputs = internalRows(sorted(sliced, partitions)).mapPartitions(task).collect();
        broadcastStarts.destroy();
        return assemble(total, checks, events.unit(), outputs.iterator(), false, options.intervalMemory());
    }

    /** Adds the columns {@code slice} and {@code slices}: which time slice of its key an event falls in. */
    private static Dataset<Row> assignSlices(Dataset<Row> rows, long total, int parallelism, int forcedSlices) {
        long minimum = forcedSlices > 0 ? 1 : Math.max(200_000L, total / (2L * parallelism));
        int perKey = forcedSlices > 0 ? forcedSlices : 4 * parallelism;
        long sliceEvents = forcedSlices > 0 ? 1 : Math.max(100_000L, total / (4L * parallelism));
        Dataset<Row> hot = rows.groupBy(EventsSchema.KEY)
                .agg(count(lit(1)).as("events"), min(EventsSchema.HLC_L).as(LOW), max(EventsSchema.HLC_L).as("high"))
                .filter(col("events").geq(minimum));
        List<Row> plan = hot.collectAsList();
        List<Row> slicing = new ArrayList<>();
        for (Row key : plan) {
            long count = key.getLong(1);
            long low = key.getLong(2);
            long span = key.getLong(3) - low + 1;
            int slices = (int) Math.min(perKey, Math.min(span, forcedSlices > 0 ? perKey : (count + sliceEvents - 1) / sliceEvents));
            if (slices > 1) {
                long width = (span + slices - 1) / slices;
                slicing.add(org.apache.spark.sql.RowFactory.create(key.getString(0), low, width, (int) ((span + width - 1) / width)));
            }
        }
        List<Column> columns = new ArrayList<>();
        for (String column : EventsDataset.SWEEP_COLUMNS) {
            columns.add(col(column));
        }
        if (slicing.isEmpty()) {
            columns.add(lit(0).as(SLICE));
            columns.add(lit(1).as(SLICES));
            return rows.select(columns.toArray(Column[]::new));
        }
        Dataset<Row> table = rows.sparkSession().createDataFrame(slicing, new org.apache.spark.sql.types.StructType()
                .add("slice_key", "string").add(LOW, "long").add(WIDTH, "long").add(SLICES, "int"));
        Dataset<Row> joined = rows.join(broadcast(table), rows.col(EventsSchema.KEY).equalTo(table.col("slice_key")), "left");
        columns.add(coalesce(col(EventsSchema.HLC_L).minus(col(LOW)).divide(col(WIDTH)).cast("int"), lit(0)).as(SLICE));
        columns.add(coalesce(col(SLICES), lit(1)).as(SLICES));
        return joined.select(columns.toArray(Column[]::new));
    }

    /** Spark's internal rows of a plan: the sweep reads them directly, without the Row conversion. */
    static JavaRDD<InternalRow> internalRows(Dataset<Row> rows) {
        return rows.queryExecution().toRdd().toJavaRDD();
    }

    private static Dataset<Row> sorted(Dataset<Row> sliced, int partitions) {
        return sliced.repartition(partitions, col(EventsSchema.KEY), col(SLICE))
                .sortWithinPartitions(col(EventsSchema.KEY), col(SLICE), col(EventsSchema.HLC_L), col(EventsSchema.HLC_C), col(EventsSchema.NODE));
    }

    /**
     * First pass: each sliced key's slices' deltas, in parallel; the driver folds them into the state after each
     * slice that has events. A slice starts from the state after the nearest earlier slice with events (slices may
     * be empty).
     */
    private static Map<String, TreeMap<Integer, CutState>> sliceStarts(SparkSession spark, Dataset<Row> sliced, EventsDataset events,
            int partitions) {
        Dataset<Row> before = sliced.filter(col(SLICES).gt(1).and(col(SLICE).lt(col(SLICES).minus(1))));
        DeltaTask task = new DeltaTask(events.variables());
        return foldDeltas(internalRows(sorted(before, partitions)).mapPartitions(task).collect());
    }

    /** Folds the tasks' serialized {@link SliceDelta} lists into the state after each slice that has events. */
    static Map<String, TreeMap<Integer, CutState>> foldDeltas(List<byte[]> outputs) {
        Map<String, TreeMap<Integer, StateDelta>> deltas = new HashMap<>();
        for (byte[] bytes : outputs) {
            for (SliceDelta delta : Serialization.<ArrayList<SliceDelta>>read(bytes)) {
                deltas.computeIfAbsent(delta.key(), key -> new TreeMap<>()).put(delta.slice(), delta.delta());
            }
        }
        return fold(deltas);
    }

    /** Folds each key's deltas, by slice, into the state after each of those slices. */
    static Map<String, TreeMap<Integer, CutState>> fold(Map<String, TreeMap<Integer, StateDelta>> deltas) {
        Map<String, TreeMap<Integer, CutState>> after = new HashMap<>();
        deltas.forEach((key, slices) -> {
            CutState state = CutState.EMPTY;
            TreeMap<Integer, CutState> states = new TreeMap<>();
            for (Map.Entry<Integer, StateDelta> slice : slices.entrySet()) {
                state = state.apply(slice.getValue());
                states.put(slice.getKey(), state);
            }
            after.put(key, states);
        });
        return after;
    }

    /** The cut a slice starts from: the state after the nearest earlier slice of its key that had events. */
    static CutState start(Map<String, TreeMap<Integer, CutState>> after, String key, int slice) {
        TreeMap<Integer, CutState> states = slice == 0 ? null : after.get(key);
        Map.Entry<Integer, CutState> previous = states == null ? null : states.floorEntry(slice - 1);
        return previous == null ? CutState.EMPTY : previous.getValue();
    }

    /**
     * The result from the tasks' {@link PartitionOutput}s: the tasks counted the keys they saw whole; the driver
     * counts the sliced keys and merges their runs across slices. Intervals go to an {@link IntervalStore} as they
     * are complete, so the driver holds each output only while decoding it, and each key's open runs.
     *
     * @param outputs the tasks' encoded outputs
     * @param inSliceOrder whether every sliced key's slices come in slice order over {@code outputs} (the sliced
     *     layout: one output per part, in part order), so that each key's runs are merged as its slices come;
     *     otherwise a sliced key's outcomes are held until every output is read
     * @param intervalMemory bytes of encoded intervals kept in memory before the rest goes to a temporary file
     */
    static CheckResult assemble(long total, CompiledChecks checks, HlcUnit unit, Iterator<byte[]> outputs, boolean inSliceOrder,
            long intervalMemory) {
        int count = checks.size();
        long[] minDurations = checks.invariants().stream().mapToLong(Invariant::minDurationMs).toArray();
        IntervalStore store = new IntervalStore(count, intervalMemory);
        Totals totals = new Totals(count);
        Map<String, IntervalMerger.Merge> merges = new HashMap<>();
        Map<String, List<SliceOutcome>> held = new HashMap<>();
        while (outputs.hasNext()) {
            PartitionOutput output = OutcomeCodec.read(outputs.next());
            Totals counts = output.totals();
            for (int i = 0; i < count; i++) {
                for (ViolationInterval interval : counts.intervals.get(i)) {
                    store.add(i, interval);
                }
                // in the store now; the driver's totals keep counts only
                counts.intervals.get(i).clear();
            }
            totals.add(counts);
            for (SliceOutcome outcome : output.slices()) {
                if (inSliceOrder) {
                    merges.computeIfAbsent(outcome.key(), key -> new IntervalMerger.Merge(key, unit, minDurations, store::add))
                            .add(outcome);
                } else {
                    held.computeIfAbsent(outcome.key(), key -> new ArrayList<>()).add(outcome);
                }
            }
        }
        held.forEach((key, slices) -> {
            slices.sort(Comparator.comparingInt(SliceOutcome::slice));
            IntervalMerger.Merge merge = new IntervalMerger.Merge(key, unit, minDurations, store::add);
            slices.forEach(merge::add);
            merges.put(key, merge);
        });
        totals.keys += merges.size();
        for (IntervalMerger.Merge merge : merges.values()) {
            totals.add(merge.finish(null));
        }
        List<io.retrocut.analysis.report.InvariantResult> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Invariant invariant = checks.invariants().get(i);
            results.add(new io.retrocut.analysis.report.InvariantResult(invariant.name(), invariant.description(),
                    totals.cutsChecked[i], totals.violatingCuts[i], totals.indeterminateCuts[i], store.intervals(i)));
        }
        return new CheckResult(total, totals.keys, totals.cuts, results);
    }

    /** What the events of one key in one slice do to its state. */
    record SliceDelta(String key, int slice, StateDelta delta) implements Serializable {
    }

    /** A task's counts (of keys it saw whole) and the outcomes of sliced keys, which the driver merges. */
    record PartitionOutput(Totals totals, List<SliceOutcome> slices) implements Serializable {
    }

    private static final class DeltaTask implements FlatMapFunction<Iterator<InternalRow>, byte[]> {
        private static final long serialVersionUID = 1L;
        private final io.retrocut.analysis.sweep.Variables variables;

        DeltaTask(io.retrocut.analysis.sweep.Variables variables) {
            this.variables = variables;
        }

        @Override
        public Iterator<byte[]> call(Iterator<InternalRow> rows) {
            ArrayList<SliceDelta> deltas = new ArrayList<>();
            SortedGroups.forEach(rows, new EventRows(variables),
                    group -> deltas.add(new SliceDelta(group.key(), group.slice(), StateDelta.of(variables, group.events()))));
            return List.of(Serialization.write(deltas)).iterator();
        }
    }

    private static final class SweepTask implements FlatMapFunction<Iterator<InternalRow>, byte[]> {
        private static final long serialVersionUID = 1L;
        private final CompiledChecks checks;
        private final HlcUnit unit;
        private final Window window;
        private final Broadcast<Map<String, TreeMap<Integer, CutState>>> starts;

        SweepTask(CompiledChecks checks, HlcUnit unit, Window window, Broadcast<Map<String, TreeMap<Integer, CutState>>> starts) {
            this.checks = checks;
            this.unit = unit;
            this.window = window;
            this.starts = starts;
        }

        @Override
        public Iterator<byte[]> call(Iterator<InternalRow> rows) {
            TaskContext context = TaskContext.get();
            CutEvaluator evaluator = checks.newEvaluator(unit, context == null ? 0 : context.partitionId());
            long[] minDurations = checks.invariants().stream().mapToLong(Invariant::minDurationMs).toArray();
            Map<String, TreeMap<Integer, CutState>> startStates = starts.value();
            Totals totals = new Totals(checks.size());
            List<SliceOutcome> sliced = new ArrayList<>();
            Function<Cut, Witness> witnesses = IntervalStore.StoredWitness.maker();
            SortedGroups.forEach(rows, new EventRows(checks.variables()), group -> {
                CutState start = start(startStates, group.key(), group.slice());
                SliceOutcome outcome = SliceSweeper.sweep(group.key(), group.slice(), checks.variables(), start,
                        EventCursor.of(group.events()), window, checks.size(), evaluator, witnesses);
                if (group.slices() == 1) {
                    totals.keys++;
                    totals.add(IntervalMerger.merge(group.key(), List.of(outcome), unit, minDurations));
                } else {
                    sliced.add(outcome);
                }
            });
            return List.of(OutcomeCodec.write(new PartitionOutput(totals, sliced))).iterator();
        }
    }
}
