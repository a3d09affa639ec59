package io.retrocut.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The update rules of Kulkarni et al. 2014 (Figure 5), case by case. */
class HybridClockTest {
    @Test
    void localEventsFollowThePhysicalClockAndCountWithinATick() {
        HybridClock clock = new HybridClock();
        assertThat(clock.tick(100)).isEqualTo(new Stamp(100, 0));
        assertThat(clock.tick(100)).isEqualTo(new Stamp(100, 1));
        assertThat(clock.tick(99)).as("a physical clock behind l does not pull it back").isEqualTo(new Stamp(100, 2));
        assertThat(clock.tick(101)).isEqualTo(new Stamp(101, 0));
    }

    @Test
    void receiveTakesTheMaximumOfOwnMessageAndPhysical() {
        HybridClock clock = new HybridClock();
        clock.tick(100);
        assertThat(clock.receive(100, new Stamp(100, 5))).as("l = own = message: max(c, c_m) + 1").isEqualTo(new Stamp(100, 6));
        assertThat(clock.receive(100, new Stamp(99, 9))).as("l = own only: c + 1").isEqualTo(new Stamp(100, 7));
        assertThat(clock.receive(100, new Stamp(120, 3))).as("l = message only: c_m + 1").isEqualTo(new Stamp(120, 4));
        assertThat(clock.receive(130, new Stamp(125, 3))).as("l = physical: 0").isEqualTo(new Stamp(130, 0));
        assertThat(clock.tick(121)).as("running ahead of the physical clock, l holds").isEqualTo(new Stamp(130, 1));
    }
}
