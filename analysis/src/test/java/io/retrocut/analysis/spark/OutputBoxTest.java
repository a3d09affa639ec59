package io.retrocut.analysis.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OutputBoxTest {

    @Test
    void aTaskInTheDriversJvmLeavesItsOutputInTheBoxAndTheDriverTakesItOnce() {
        byte[] output = {1, 2, 3};
        try (OutputBox box = OutputBox.open()) {
            byte[] result = OutputBox.deliver(box.id(), 4, output);

            assertThat(result).isEmpty();
            // the result went through Spark's serialization: an empty array, not the same instance
            assertThat(box.take(4, new byte[0])).isSameAs(output);
            assertThatThrownBy(() -> box.take(4, new byte[0])).isInstanceOf(IllegalStateException.class)
                    .hasMessage("the output of part 4 is not in the driver's box");
        }
    }

    @Test
    void aTaskElsewhereReturnsItsOutputAsItsResult() {
        byte[] output = {1, 2, 3};
        OutputBox closed = OutputBox.open();
        closed.close();

        assertThat(OutputBox.deliver(closed.id(), 0, output)).isSameAs(output);
        assertThat(OutputBox.deliver("no-such-box", 0, output)).isSameAs(output);
        try (OutputBox box = OutputBox.open()) {
            assertThat(box.take(0, output)).isSameAs(output);
        }
    }
}
