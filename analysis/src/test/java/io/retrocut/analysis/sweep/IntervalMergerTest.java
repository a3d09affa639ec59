package io.retrocut.analysis.sweep;

import static io.retrocut.analysis.sweep.Fixtures.hlc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retrocut.events.Hlc;
import io.retrocut.events.HlcUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntervalMergerTest {
    private static final Witness FIRST = new Witness(List.of(new Witness.Node("n1", Map.of("x", 1L))), List.of());
    private static final Witness SECOND = new Witness(List.of(new Witness.Node("n1", Map.of("x", 2L))), List.of());

    private static SliceOutcome slice(int number, Hlc first, Hlc last, long cuts, boolean firstViolates, Run... runs) {
        long violating = 0;
        for (Run run : runs) {
            violating += run.cuts();
        }
        return new SliceOutcome("g1", number, cuts, first, last,
                List.of(new InvariantOutcome(cuts, violating, 0, List.of(runs), first, firstViolates)));
    }

    private static SliceOutcome empty(int number) {
        return new SliceOutcome("g1", number, 0, null, null, List.of(new InvariantOutcome(0, 0, 0, List.of(), null, false)));
    }

    @Test
    void anOpenRunContinuesThroughSlicesThatStartViolating() {
        List<SliceOutcome> slices = List.of(
                slice(0, hlc(1, 0), hlc(10, 0), 5, false, new Run(hlc(8, 0), hlc(10, 0), null, 2, FIRST)),
                empty(1),
                slice(2, hlc(12, 0), hlc(14, 0), 2, true, new Run(hlc(12, 0), hlc(14, 0), null, 2, SECOND)),
                slice(3, hlc(20, 0), hlc(30, 0), 4, true, new Run(hlc(20, 0), hlc(21, 0), hlc(25, 0), 2, SECOND)));

        KeyOutcome outcome = IntervalMerger.merge("g1", slices, HlcUnit.MS, new long[] {0});

        assertThat(outcome.cuts()).isEqualTo(11);
        assertThat(outcome.invariant(0)).isEqualTo(new InvariantResult(
                11, 6, 0, List.of(new ViolationInterval("g1", hlc(8, 0), hlc(25, 0), 17, 6, FIRST))));
    }

    @Test
    void anOpenRunEndsAtTheNextSlicesFirstCutWhenThatDoesNotViolate() {
        List<SliceOutcome> slices = List.of(
                slice(0, hlc(1, 0), hlc(10, 0), 5, false, new Run(hlc(8, 0), hlc(10, 0), null, 2, FIRST)),
                slice(1, hlc(13, 2), hlc(20, 0), 3, false, new Run(hlc(15, 0), hlc(20, 0), null, 2, SECOND)));

        KeyOutcome outcome = IntervalMerger.merge("g1", slices, HlcUnit.MS, new long[] {0});

        assertThat(outcome.invariant(0).intervals()).containsExactly(
                new ViolationInterval("g1", hlc(8, 0), hlc(13, 2), 5, 2, FIRST),
                new ViolationInterval("g1", hlc(15, 0), null, 5, 2, SECOND));
    }

    @Test
    void forAppliesToTheMergedInterval() {
        // Each part lasts 4 ms, the whole 9 ms.
        List<SliceOutcome> slices = List.of(
                slice(0, hlc(1, 0), hlc(5, 0), 2, true, new Run(hlc(1, 0), hlc(5, 0), null, 2, FIRST)),
                slice(1, hlc(6, 0), hlc(10, 0), 2, true, new Run(hlc(6, 0), hlc(6, 0), hlc(10, 0), 1, SECOND)));

        assertThat(IntervalMerger.merge("g1", slices, HlcUnit.MS, new long[] {9}).invariant(0).intervals())
                .containsExactly(new ViolationInterval("g1", hlc(1, 0), hlc(10, 0), 9, 3, FIRST));
        assertThat(IntervalMerger.merge("g1", slices, HlcUnit.MS, new long[] {10}).invariant(0).intervals()).isEmpty();
    }

    @Test
    void noSlicesMeansNoCuts() {
        KeyOutcome outcome = IntervalMerger.merge("g1", List.of(), HlcUnit.MS, new long[] {0, 5});
        assertThat(outcome.cuts()).isZero();
        assertThat(outcome.invariants()).containsExactly(new InvariantResult(0, 0, 0, List.of()), new InvariantResult(0, 0, 0, List.of()));
    }

    @Test
    void slicesOutOfOrderAreABug() {
        List<SliceOutcome> slices = List.of(slice(1, hlc(12, 0), hlc(14, 0), 2, false), slice(0, hlc(1, 0), hlc(10, 0), 5, false));
        assertThatThrownBy(() -> IntervalMerger.merge("g1", slices, HlcUnit.MS, new long[] {0}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("slice 0 of key 'g1' starts at 1.0, not after the previous slice's last cut 14.0; slices must be in HLC order");
        assertThatThrownBy(() -> IntervalMerger.merge("g2", slices, HlcUnit.MS, new long[] {0}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("slice 1 is for key 'g1', not 'g2'");
    }
}
