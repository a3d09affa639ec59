package io.retrocut.analysis.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.retrocut.analysis.report.ReplayStep;
import io.retrocut.analysis.report.Snapshot;
import io.retrocut.analysis.sweep.Change;
import io.retrocut.analysis.sweep.Cut;
import io.retrocut.analysis.sweep.CutEvaluator;
import io.retrocut.analysis.sweep.CutState;
import io.retrocut.analysis.sweep.CutSweep;
import io.retrocut.analysis.sweep.Window;
import io.retrocut.analysis.sweep.Witness;
import io.retrocut.events.EventsSchema;
import io.retrocut.events.Hlc;
import io.retrocut.events.HlcUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The forensics jobs: {@code snapshot} (the consistent global state at T) and {@code replay} (every cut step in a
 * window with what changed). Both sweep each key with the same core as {@code check}.
 */
public final class ForensicsJob {
    private ForensicsJob() {
    }

    public static Snapshot snapshot(SparkSession spark, EventsDataset events, Hlc at, String key) {
        Dataset<Row> rows = byKey(events, key, at);
        SnapshotTask task = new SnapshotTask(events);
        List<Snapshot.KeyState> keys = new ArrayList<>();
        for (byte[] bytes : CheckJob.internalRows(rows).mapPartitions(task).collect()) {
            keys.addAll(Serialization.<ArrayList<Snapshot.KeyState>>read(bytes));
        }
        keys.sort(Comparator.comparing(Snapshot.KeyState::key));
        return new Snapshot(at, events.variables().names(), keys);
    }

    /**
     * Every step with an HLC inside {@code window}, ordered by (HLC, key). With {@code checks}, each step also says
     * which invariants changed verdict; cuts before the window are evaluated too, so the first step's flips are real.
     */
    public static List<ReplayStep> replay(SparkSession spark, EventsDataset events, Window window, String key, CompiledChecks checks) {
        Dataset<Row> rows = byKey(events, key, window.to());
        ReplayTask task = new ReplayTask(events, window, checks);
        List<ReplayStep> steps = new ArrayList<>();
        for (byte[] bytes : CheckJob.internalRows(rows).mapPartitions(task).collect()) {
            steps.addAll(Serialization.<ArrayList<ReplayStep>>read(bytes));
        }
        steps.sort(Comparator.comparing(ReplayStep::hlc).thenComparing(ReplayStep::key));
        return steps;
    }

    /** One group per key (slice 0 of 1), sorted by HLC, only events at or before {@code upTo}. */
    private static Dataset<Row> byKey(EventsDataset events, String key, Hlc upTo) {
        Dataset<Row> rows = events.rows();
        if (key != null) {
            rows = rows.filter(col(EventsSchema.KEY).equalTo(key));
        }
        if (upTo != null) {
            rows = rows.filter(col(EventsSchema.HLC_L).lt(upTo.l())
                    .or(col(EventsSchema.HLC_L).equalTo(upTo.l()).and(col(EventsSchema.HLC_C).leq(upTo.c()))));
        }
        List<Column> columns = new ArrayList<>();
        for (String column : EventsDataset.SWEEP_COLUMNS) {
            columns.add(col(column));
        }
        columns.add(lit(0).as("slice"));
        columns.add(lit(1).as("slices"));
        int partitions = Math.max(1, rows.sparkSession().sparkContext().defaultParallelism() * 2);
        return rows.select(columns.toArray(Column[]::new))
                .repartition(partitions, col(EventsSchema.KEY))
                .sortWithinPartitions(col(EventsSchema.KEY), col(EventsSchema.HLC_L), col(EventsSchema.HLC_C), col(EventsSchema.NODE));
    }

    private static final class SnapshotTask implements FlatMapFunction<Iterator<InternalRow>, byte[]> {
        private static final long serialVersionUID = 1L;
        private final io.retrocut.analysis.sweep.Variables variables;

        SnapshotTask(EventsDataset events) {
            this.variables = events.variables();
        }

        @Override
        public Iterator<byte[]> call(Iterator<InternalRow> rows) {
            ArrayList<Snapshot.KeyState> keys = new ArrayList<>();
            SortedGroups.forEach(rows, new EventRows(variables), group -> {
                CutSweep sweep = new CutSweep(group.key(), variables, CutState.EMPTY, group.events());
                boolean any = false;
                while (sweep.advance()) {
                    any = true;
                }
                if (any) {
                    keys.add(new Snapshot.KeyState(group.key(), sweep.cut().hlc(), Witness.of(sweep.cut()).nodes()));
                }
            });
            return List.of(Serialization.write(keys)).iterator();
        }
    }

    private static final class ReplayTask implements FlatMapFunction<Iterator<InternalRow>, byte[]> {
        private static final long serialVersionUID = 1L;
        private final io.retrocut.analysis.sweep.Variables variables;
        private final HlcUnit unit;
        private final Window window;
        private final CompiledChecks checks;

        ReplayTask(EventsDataset events, Window window, CompiledChecks checks) {
            this.variables = events.variables();
            this.unit = events.unit();
            this.window = window;
            this.checks = checks;
        }

        @Override
        public Iterator<byte[]> call(Iterator<InternalRow> rows) {
            TaskContext context = TaskContext.get();
            CutEvaluator evaluator = checks == null ? null : checks.newEvaluator(unit, context == null ? 0 : context.partitionId());
            int count = checks == null ? 0 : checks.size();
            ArrayList<ReplayStep> steps = new ArrayList<>();
            SortedGroups.forEach(rows, new EventRows(variables), group -> {
                CutSweep sweep = new CutSweep(group.key(), variables, CutState.EMPTY, group.events());
                Boolean[] previous = null;
                Boolean[] results = new Boolean[count];
                while (sweep.advance()) {
                    Cut cut = sweep.cut();
                    if (evaluator != null) {
                        evaluator.evaluate(cut, results);
                    }
                    if (window.contains(cut.hlc())) {
                        steps.add(step(cut, sweep.changes(), previous, results));
                    }
                    previous = results.clone();
                }
            });
            return List.of(Serialization.write(steps)).iterator();
        }

        private ReplayStep step(Cut cut, List<Change> changes, Boolean[] previous, Boolean[] results) {
            List<ReplayStep.VariableChange> changed = new ArrayList<>();
            for (Change change : changes) {
                changed.add(new ReplayStep.VariableChange(change.node(), change.variable(), change.oldValue(), change.newValue()));
            }
            List<ReplayStep.Flip> flips = new ArrayList<>();
            for (int i = 0; i < results.length; i++) {
                String before = previous == null ? "none" : verdict(previous[i]);
                String after = verdict(results[i]);
                if (!before.equals(after) && !(previous == null && after.equals("ok"))) {
                    flips.add(new ReplayStep.Flip(checks.invariants().get(i).name(), before, after));
                }
            }
            return new ReplayStep(cut.key(), cut.hlc(), Witness.of(cut).events(), changed, flips);
        }

        private static String verdict(Boolean result) {
            return result == null ? "unknown" : result ? "ok" : "violated";
        }
    }
}
