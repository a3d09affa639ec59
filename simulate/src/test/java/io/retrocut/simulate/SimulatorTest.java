package io.retrocut.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Determinism, the faults' visible effect in the ground truth, option errors, and memory that does not grow with the run. */
class SimulatorTest {
    private static final long MIB = 1L << 20;

    @TempDir
    Path temp;

    @Test
    void sameSeedSameBytesOtherSeedOtherRun() throws Exception {
        SimulationOptions options = SimulationOptions.of("nat").withEvents(3_000).withFaults("stale-primary").withSkewMs(10);
        Simulator.run(options, temp.resolve("a"));
        Simulator.run(options, temp.resolve("b"));
        Simulator.run(options.withSeed(2), temp.resolve("c"));
        for (String file : new String[] {"logs/g1.jsonl", "logs/ctl.jsonl", "ground-truth.json", "invariants.yaml"}) {
            assertThat(Files.readString(temp.resolve("b").resolve(file))).as(file).isEqualTo(Files.readString(temp.resolve("a").resolve(file)));
        }
        assertThat(Files.readString(temp.resolve("c/logs/g1.jsonl"))).isNotEqualTo(Files.readString(temp.resolve("a/logs/g1.jsonl")));
    }

    @Test
    void faultsPlantViolationsAndTheirAbsenceDoesNot() {
        assertThat(truth("nat", "stale-primary", "single-primary")).isPositive();
        assertThat(truth("nat", null, "single-primary")).isZero();
        assertThat(truth("nat", null, "epoch-agreement")).as("short disagreements during a failover are below for: 50ms").isZero();
        assertThat(truth("zookeeper", "gc-pauses", "bounded-staleness")).isPositive();
        assertThat(truth("zookeeper", "gc-pauses", "leader-has-newest")).as("HLC cuts never show a follower ahead").isZero();
        assertThat(truth("raft", null, "election-safety")).isZero();
        long doubleLeaders = 0;
        for (long seed = 1; seed <= 3; seed++) {
            doubleLeaders += Simulator.run(SimulationOptions.of("raft").withKeys(20).withEvents(20_000).withFaults("double-vote").withPrevote(false)
                    .withSeed(seed), new LogSink.Counting()).invariant("election-safety").intervals().size();
        }
        assertThat(doubleLeaders).as("two leaders in one term with the buggy vote rule").isPositive();
    }

    private static long truth(String scenario, String fault, String invariant) {
        SimulationOptions options = SimulationOptions.of(scenario).withEvents(5_000);
        if (fault != null) {
            options = options.withFaults(fault);
        }
        return Simulator.run(options, new LogSink.Counting()).invariant(invariant).intervals().size();
    }

    @Test
    void mistakesNameWhatIsAllowed() {
        assertThatThrownBy(() -> Simulator.run(SimulationOptions.of("etcd"), new LogSink.Counting()))
                .hasMessage("unknown scenario 'etcd'; scenarios: nat, raft, zookeeper");
        assertThatThrownBy(() -> Simulator.run(SimulationOptions.of("nat").withFaults("partition"), new LogSink.Counting()))
                .hasMessage("the nat scenario has no fault 'partition'; its faults: stale-primary");
        assertThatThrownBy(() -> Simulator.run(SimulationOptions.of("zookeeper").withPrevote(true), new LogSink.Counting()))
                .hasMessage("--prevote applies to the raft scenario only");
    }

    /**
     * A million events of 200 raft groups on 5 nodes with a partition: the live heap (sampled after collections)
     * stays far below what holding the events would take (hundreds of MiB), because lines are written as they happen
     * and the ground truth only buffers the skew window.
     */
    @Test
    void aLargeRunStreamsInBoundedMemory() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                System.gc();
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        LogSink.Counting sink = new LogSink.Counting();
        long started = System.nanoTime();
        Simulator.Summary summary = Simulator.run(SimulationOptions.of("raft").withNodes(5).withKeys(200).withEvents(1_000_000)
                .withSkewMs(50).withFaults("partition").withPrevote(false), sink);
        running.set(false);
        sampler.join();
        long live = peak.get() - baseline;
        System.out.printf("large simulation: %,d events, %d MiB of log lines in %d ms, peak live heap %d MiB above a %d MiB baseline%n",
                summary.events(), sink.chars() / MIB, (System.nanoTime() - started) / 1_000_000, live / MIB, baseline / MIB);
        assertThat(sink.lines()).isEqualTo(1_000_000);
        assertThat(sink.chars()).isGreaterThan(150 * MIB);
        assertThat(live).as("peak live heap above the baseline").isLessThan(64 * MIB);
    }
}
