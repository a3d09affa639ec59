package io.retrocut.analysis.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.retrocut.analysis.report.IntervalStore;
import io.retrocut.analysis.sweep.CutState;
import io.retrocut.analysis.sweep.InvariantOutcome;
import io.retrocut.analysis.sweep.Run;
import io.retrocut.analysis.sweep.SliceOutcome;
import io.retrocut.analysis.sweep.ViolationInterval;
import io.retrocut.analysis.sweep.Witness;
import io.retrocut.events.Hlc;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A task's result survives the trip to the driver exactly: counts, intervals, runs, witnesses and their sharing. */
class OutcomeCodecTest {
    @Test
    void everyFieldRoundTrips() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("commit", 41L);
        values.put("leader", "n2 ✓");
        values.put("ratio", -0.0);
        values.put("healthy", false);
        Witness shared = new Witness(
                List.of(new Witness.Node("n1", values), new Witness.Node("n2", Map.of())),
                List.of(new Witness.Event("n1", new Hlc(5, 2), "BecomeLeader", "/logs/n1.jsonl", 17, "{\"x\":1}"),
                        new Witness.Event("n2", new Hlc(5, 2), null, "/logs/n2.jsonl", 3, null)));
        Witness other = new Witness(List.of(new Witness.Node("n3", Map.of("term", 7L))), List.of());
        Totals totals = new Totals(2);
        totals.keys = 3;
        totals.cuts = 1_000_000_000_000L;
        totals.cutsChecked[0] = 10;
        totals.violatingCuts[0] = 4;
        totals.indeterminateCuts[1] = 2;
        totals.intervals.get(0).add(new ViolationInterval("g1", new Hlc(5, 2), new Hlc(9, 0), 4, 3, shared));
        totals.intervals.get(0).add(new ViolationInterval("", new Hlc(11, 0), null, 0, 1, other));
        totals.intervals.get(1).add(new ViolationInterval("g1", new Hlc(5, 2), new Hlc(6, 0), 1, 1, shared));
        SliceOutcome slice = new SliceOutcome("g2", 7, 4, new Hlc(20, 0), new Hlc(23, 1), List.of(
                new InvariantOutcome(4, 2, 0, List.of(new Run(new Hlc(20, 0), new Hlc(21, 0), new Hlc(22, 0), 2, other)),
                        new Hlc(20, 0), true),
                new InvariantOutcome(4, 1, 1, List.of(new Run(new Hlc(23, 1), new Hlc(23, 1), null, 1, shared)),
                        new Hlc(20, 0), false)));
        SliceOutcome empty = new SliceOutcome("g3", 0, 0, null, null, List.of(
                new InvariantOutcome(0, 0, 0, List.of(), null, false), new InvariantOutcome(0, 0, 0, List.of(), null, false)));

        CheckJob.PartitionOutput decoded = OutcomeCodec.read(OutcomeCodec.write(new CheckJob.PartitionOutput(totals, List.of(slice, empty))));

        assertThat(decoded.slices()).containsExactly(slice, empty);
        Totals back = decoded.totals();
        assertThat(back.keys).isEqualTo(3);
        assertThat(back.cuts).isEqualTo(1_000_000_000_000L);
        assertThat(back.cutsChecked).containsExactly(10, 0);
        assertThat(back.violatingCuts).containsExactly(4, 0);
        assertThat(back.indeterminateCuts).containsExactly(0, 2);
        assertThat(back.intervals).isEqualTo(totals.intervals);
        assertThat(back.intervals.get(0).get(0).witness().nodes().get(0).values())
                .containsExactly(Map.entry("commit", 41L), Map.entry("leader", "n2 ✓"), Map.entry("ratio", -0.0),
                        Map.entry("healthy", false));
        assertThat(back.intervals.get(1).get(0).witness()).isSameAs(back.intervals.get(0).get(0).witness());
        // the driver keeps each witness as the bytes its interval store writes, and sends them on unchanged
        io.retrocut.analysis.report.ArrayDataOutput stored = new io.retrocut.analysis.report.ArrayDataOutput(64);
        IntervalStore.StoredWitness.write(stored, shared);
        assertThat(back.intervals.get(0).get(0).witness().bytes(IntervalStore.StoredWitness.FORM)).isEqualTo(stored.toByteArray());
        CheckJob.PartitionOutput again = OutcomeCodec.read(OutcomeCodec.write(decoded));
        assertThat(again.totals().intervals).isEqualTo(totals.intervals);
        assertThat(again.slices()).containsExactly(slice, empty);
    }

    @Test
    void startingCutsRoundTripWithEveryValueTypeAndAbsentValues() {
        CutState one = CutState.of(new String[] {"n1", "n2 ✓"}, new Object[][] {{3L, "LEADER", null}, {null, null, true}});
        CutState two = CutState.of(new String[] {"n1"}, new Object[][] {{-0.0, "LEADER", false}});
        Map<String, CutState> starts = new LinkedHashMap<>();
        starts.put("raft-1", one);
        starts.put("", two);

        Map<String, CutState> decoded = OutcomeCodec.readStarts(OutcomeCodec.writeStarts(starts));

        assertThat(decoded).isEqualTo(starts);
        assertThat(decoded.get("").value(0, 0)).isEqualTo(-0.0);
        assertThat(OutcomeCodec.readStarts(OutcomeCodec.writeStarts(Map.of()))).isEmpty();
    }
}
