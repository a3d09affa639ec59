package io.retrocut.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeSpillTest {
    @TempDir
    Path dir;

    @Test
    void eachNodeReadsBackItsEventsInOrderAcrossBlocksOfAllSizes() throws IOException {
        int nodes = 3;
        List<List<String>> written = new ArrayList<>();
        for (int node = 0; node < nodes; node++) {
            written.add(new ArrayList<>());
        }
        try (NodeSpill spill = new NodeSpill(dir.resolve("spill"))) {
            EventRecord event = new EventRecord();
            VectorClock clock = new VectorClock();
            for (int i = 0; i < 3000; i++) {
                int node = (i * 7) % nodes;
                event.reset();
                event.nodeId = node;
                event.hasHlc = i % 2 == 0;
                event.hlcL = 1_763_800_000_000L + i;
                event.hlcC = i % 3;
                event.hasTs = true;
                event.keyId = 0;
                event.fileId = 0;
                event.line = i + 1;
                // now and then an event larger than a block
                event.extra = i % 500 == 0 ? "x".repeat(3 * NodeSpill.BLOCK_BYTES + i) : "e" + i;
                clock.clear();
                if (i % 3 == 0) {
                    clock.add(node, i);
                    clock.add((node + 1) % nodes, i / 2);
                }
                spill.write(node, event, i, clock);
                written.get(node).add(describe(event, i, clock));
            }
            spill.finish();
            assertThat(spill.nodes()).isEqualTo(nodes);
            for (int node = 0; node < nodes; node++) {
                Spill.Reader reader = spill.reader(node);
                List<String> read = new ArrayList<>();
                while (reader.read(event)) {
                    read.add(describe(event, reader.tsMicros(), reader.clock()));
                }
                assertThat(read).as("node %d", node).isEqualTo(written.get(node));
            }
        }
    }

    private static String describe(EventRecord event, long tsMicros, VectorClock clock) {
        StringBuilder text = new StringBuilder().append(event.nodeId).append(' ').append(event.hasHlc).append(' ')
                .append(event.hlcL).append('.').append(event.hlcC).append(' ').append(event.line).append(' ')
                .append(event.extra.length()).append(event.extra.charAt(0)).append(" ts=").append(tsMicros);
        for (int i = 0; i < clock.size(); i++) {
            text.append(' ').append(clock.node(i)).append(':').append(clock.count(i));
        }
        return text.toString();
    }
}
