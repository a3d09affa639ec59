package io.retrocut.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    /** Some ids longer than a block, so that they cross blocks too. */
    private static String messageId(int i) {
        return i % 50 == 1 ? "m" + i + "é".repeat(NodeSpill.BLOCK_BYTES / 2 + i) : "m" + i;
    }

    @Test
    void aRecordCopiedWithANewHlcReadsBackAsWrittenAcrossBlocks() throws IOException {
        List<String> written = new ArrayList<>();
        try (NodeSpill spill = new NodeSpill(dir.resolve("spill"))) {
            EventRecord event = new EventRecord();
            for (int i = 0; i < 400; i++) {
                event.reset();
                event.nodeId = 300 + i % 2;
                event.hlcL = i;
                event.hlcC = 7;
                event.hasTs = i % 3 == 0;
                event.keyId = i % 5;
                event.fileId = 1;
                event.line = i + 1;
                event.type = "T" + i;
                event.extra = i % 50 == 0 ? "ü".repeat(NodeSpill.BLOCK_BYTES + i) : "e" + i;
                event.hasSend = true;
                event.send.add(messageId(i));
                event.sendIds[0] = i;
                event.varIds[event.addVariable(null, EventRecord.STRING, 0, "v" + i)] = 2;
                VectorClock clock = new VectorClock();
                clock.add(0, i);
                spill.write(0, event, -i, clock);
                written.add(describe(event.nodeId, 1_763_800_000_000L + i, i * 1000, event.hasTs, -i, event.keyId,
                        event.line, event.type, event.extra, "v" + i, messageId(i)));
            }
            spill.finish();
            // without decoding the texts: the copies still carry them
            Spill.Reader reader = spill.reader(0).withoutTexts();
            ByteArrayOutputStream copies = new ByteArrayOutputStream();
            List<Integer> starts = new ArrayList<>();
            while (reader.read(event)) {
                assertThat(event.type).isNull();
                assertThat(event.extra).isNull();
                assertThat(event.varCount).as("variables are passed over").isZero();
                // ids stay bytes, made into strings only when asked for
                assertThat(event.send).hasSize(1).containsOnlyNulls();
                assertThat(event.sendId(0)).isEqualTo(messageId((int) event.hlcL));
                starts.add(copies.size());
                reader.copyRecord(1_763_800_000_000L + event.hlcL, (int) event.hlcL * 1000, copies);
            }
            byte[] data = copies.toByteArray();
            Spill.View view = new Spill.View();
            List<String> read = new ArrayList<>();
            int position = 0;
            for (int start : starts) {
                assertThat(start).isEqualTo(position);
                position = view.read(data, start);
                read.add(describe(view.nodeId, view.hlcL, view.hlcC, view.hasTs, view.tsMicros, view.keyId, view.line,
                        text(view, view.typeOffset, view.typeLength), text(view, view.extraOffset, view.extraLength),
                        text(view, view.varOffsets[0], view.varLengths[0]),
                        text(view, view.idOffsets[0], view.idLengths[0])));
            }
            assertThat(position).isEqualTo(data.length);
            assertThat(read).isEqualTo(written);
        }
    }

    private static String text(Spill.View view, int offset, int length) {
        return new String(view.data, offset, length, StandardCharsets.UTF_8);
    }

    private static String describe(int node, long l, int c, boolean hasTs, long ts, int key, long line, String type,
            String extra, String value, String send) {
        return node + " " + l + "." + c + " " + (hasTs ? ts : "-") + " " + key + " " + line + " " + type + " "
                + extra.length() + extra.charAt(0) + " " + value + " " + send;
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
