package io.retrocut.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.retrocut.events.Hlc;
import java.util.List;
import org.junit.jupiter.api.Test;

class HlcReconstructionTest {
    private final HlcReconstruction clock = new HlcReconstruction();

    @Test
    void localEventsFollowPhysicalTimeAndTickWhenItStalls() {
        assertThat(clock.next(null, 100, List.of())).isEqualTo(new Hlc(100, 0));
        assertThat(clock.next(new Hlc(100, 0), 100, List.of())).isEqualTo(new Hlc(100, 1));
        assertThat(clock.next(new Hlc(100, 1), 99, List.of())).isEqualTo(new Hlc(100, 2));
        assertThat(clock.next(new Hlc(100, 2), 105, List.of())).isEqualTo(new Hlc(105, 0));
    }

    @Test
    void receiveFromTheFutureTakesTheMessageClock() {
        clock.record(new Hlc(200, 4), List.of("m1"), List.of());
        assertThat(clock.next(new Hlc(150, 7), 120, List.of("m1"))).isEqualTo(new Hlc(200, 5));
    }

    @Test
    void receiveAtTheSamePhysicalPartTakesTheLargerCounter() {
        clock.record(new Hlc(150, 9), List.of("m2"), List.of());
        assertThat(clock.next(new Hlc(150, 3), 100, List.of("m2"))).isEqualTo(new Hlc(150, 10));
        clock.record(new Hlc(150, 2), List.of("m3"), List.of());
        assertThat(clock.next(new Hlc(150, 3), 100, List.of("m3"))).isEqualTo(new Hlc(150, 4));
    }

    @Test
    void receiveOfAnOlderMessageWhenPhysicalTimeLeads() {
        clock.record(new Hlc(150, 9), List.of("m4"), List.of());
        assertThat(clock.next(new Hlc(140, 0), 160, List.of("m4"))).isEqualTo(new Hlc(160, 0));
    }

    @Test
    void receiveWhoseSendWasNotSeenIsLocalAndAReceiveConsumesTheMessage() {
        assertThat(clock.next(new Hlc(100, 0), 100, List.of("unknown"))).isEqualTo(new Hlc(100, 1));
        clock.record(new Hlc(500, 0), List.of("m5"), List.of());
        assertThat(clock.inFlight()).isEqualTo(1);
        clock.record(new Hlc(501, 0), List.of(), List.of("m5"));
        assertThat(clock.inFlight()).isZero();
        assertThat(clock.next(new Hlc(100, 0), 100, List.of("m5"))).isEqualTo(new Hlc(100, 1));
    }
}
