package io.retrocut.ingest;

import static io.retrocut.ingest.Fixture.rows;
import static io.retrocut.ingest.Fixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.retrocut.events.EventsSchema;
import io.retrocut.events.Hlc;
import io.retrocut.events.UserException;
import io.retrocut.ingest.Fixture.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HLC derivation, missing sends, deadlocks and duplicate message ids through {@link Ingest#run}. */
class IngestClocksTest {
    @TempDir
    Path dir;

    private Path out() {
        return dir.resolve("events");
    }

    private IngestSummary ingest(Path input) {
        return Ingest.run(IngestOptions.of(List.of(input), out()), IngestProgress.NONE);
    }

    private static JsonNode record(Path file, long line, String reason, String raw) {
        return Fixture.JSON.createObjectNode()
                .put("file", file.toString())
                .put("line", (int) line)
                .put("reason", reason)
                .put("raw", raw);
    }

    @Test
    void duplicateMessageIdsAreQuarantinedWithWhereTheyWereFirstSent() {
        Path a = write(dir, "in/a.jsonl", """
                {"node":"n1","ts":1,"send":"m1"}
                {"node":"n1","hlc":{"l":5,"c":0},"send":"m9"}
                """);
        Path b = write(dir, "in/b.jsonl", """
                {"node":"n2","ts":2,"send":["m2","m1"]}
                {"node":"n2","ts":3,"send":["m3","m3"]}
                {"node":"n2","hlc":{"l":9,"c":0},"send":"m9"}
                {"node":"n2","ts":4,"recv":"m1"}
                """);
        IngestSummary summary = ingest(dir.resolve("in"));

        assertThat(Fixture.quarantine(out())).containsExactly(
                record(b, 1, "duplicate message id 'm1' (first sent at " + a + ":1)",
                        "{\"node\":\"n2\",\"ts\":2,\"send\":[\"m2\",\"m1\"]}"),
                record(b, 2, "duplicate message id 'm3' (first sent at " + b + ":2)",
                        "{\"node\":\"n2\",\"ts\":3,\"send\":[\"m3\",\"m3\"]}"),
                record(b, 3, "duplicate message id 'm9' (first sent at " + a + ":2)",
                        "{\"node\":\"n2\",\"hlc\":{\"l\":9,\"c\":0},\"send\":\"m9\"}"));
        assertThat(summary.ingested()).isEqualTo(3);
        assertThat(summary.quarantined()).isEqualTo(3);
        // the receive links to the first send
        assertThat(rows(out())).extracting(row -> row.node() + "@" + row.l() + "." + row.c())
                .containsExactly("n1@1.0", "n2@4.0", "n1@5.0");
        assertThat(summary.missingSends()).isZero();
    }

    @Test
    void aLineRejectedForADuplicateSendsNothing() {
        // line 2 is rejected for m1, so its m2 was never sent: line 3 sends m2 and is accepted, line 4 is not
        Path file = write(dir, "in/a.jsonl", """
                {"node":"n1","ts":10,"send":"m1"}
                {"node":"n2","ts":20,"send":["m1","m2"],"recv":"m7"}
                {"node":"n3","ts":30,"send":["m2","m7"]}
                {"node":"n1","ts":40,"send":"m2"}
                {"node":"n2","ts":5,"recv":["m2","m7"]}
                """);
        IngestSummary summary = ingest(dir.resolve("in"));

        assertThat(Fixture.quarantine(out())).extracting(node -> node.get("line").asInt() + ": "
                + node.get("reason").asText()).containsExactly(
                "2: duplicate message id 'm1' (first sent at " + file + ":1)",
                "4: duplicate message id 'm2' (first sent at " + file + ":3)");
        assertThat(summary.ingested()).isEqualTo(3);
        assertThat(summary.missingSends()).isZero();
        // the receives follow line 3's sends
        assertThat(rows(out())).extracting(row -> row.node() + "@" + row.l() + "." + row.c())
                .containsExactly("n1@10.0", "n3@30.0", "n2@30.1");
    }

    @Test
    void aLineRejectedForADuplicateSendIsNotItsNodesPreviousHlc() {
        Path file = write(dir, "in.jsonl", """
                {"node":"n1","hlc":{"l":10,"c":0},"send":"m1"}
                {"node":"n2","hlc":{"l":30,"c":0},"key":"only-here","set":{"only":1},"send":"m1"}
                {"node":"n2","hlc":{"l":20,"c":0},"send":"m2"}
                {"node":"n2","hlc":{"l":20,"c":0},"send":"m1"}
                {"node":"n1","hlc":{"l":40,"c":0},"recv":"m2"}
                """);
        IngestSummary summary = ingest(file);

        assertThat(Fixture.quarantine(out())).extracting(node -> node.get("line").asInt() + ": "
                + node.get("reason").asText()).containsExactly(
                "2: duplicate message id 'm1' (first sent at " + file + ":1)",
                "4: HLC repeats (20.0); HLCs must increase within a node");
        assertThat(rows(out())).extracting(row -> row.node() + "@" + row.l() + "." + row.c())
                .containsExactly("n1@10.0", "n2@20.0", "n1@40.0");
        // nor does it reach the dictionaries
        assertThat(summary.keys()).isEqualTo(1);
        assertThat(summary.variables()).isEmpty();
        assertThat(summary.missingSends()).isZero();
    }

    @Test
    void aStrictRunStopsAtADuplicateSendBeforeALaterBadLine() {
        Path file = write(dir, "in.jsonl", """
                {"node":"n1","hlc":1,"send":"m1"}
                {"node":"n2","hlc":2,"send":"m1"}
                {"node":"n2"
                """);

        assertThatThrownBy(() -> Ingest.run(IngestOptions.of(List.of(file), out()).withStrict(true),
                IngestProgress.NONE))
                .isInstanceOf(UserException.class)
                .hasMessage(file + ":2: duplicate message id 'm1' (first sent at " + file + ":1)");
        assertThat(Fixture.entries(dir)).containsExactly("in.jsonl");
    }

    @Test
    void receivesReadBeforeTheirSendsFollowThemWithATinyBudget() {
        Path a = write(dir, "in/a.jsonl", """
                {"node":"n1","ts":5,"recv":["ü-1","m2"]}
                {"node":"n1","ts":6,"recv":"nobody"}
                """);
        write(dir, "in/b.jsonl", """
                {"node":"n2","ts":50,"send":"ü-1"}
                {"node":"n2","ts":60,"send":"m2"}
                """);
        IngestSummary summary = Ingest.run(IngestOptions.of(List.of(dir.resolve("in")), out()), IngestProgress.NONE,
                Ingest.DEFAULT_ROWS_PER_PART, 16);

        assertThat(rows(out())).extracting(row -> row.node() + "@" + row.l() + "." + row.c())
                .containsExactly("n2@50.0", "n2@60.0", "n1@60.1", "n1@60.2");
        assertThat(summary.missingSends()).isEqualTo(1);
        assertThat(summary.warnings()).containsExactly(a + ":2: receive of message 'nobody', which no event in the"
                + " input sends; ordered as a local event");
    }

    @Test
    void duplicateMessageIdStopsAStrictRun() {
        Path file = write(dir, "in.jsonl", """
                {"node":"n1","hlc":1,"send":"m1"}
                {"node":"n2","hlc":2,"send":"m1"}
                """);

        assertThatThrownBy(() -> Ingest.run(IngestOptions.of(List.of(file), out()).withStrict(true),
                IngestProgress.NONE))
                .isInstanceOf(UserException.class)
                .hasMessage(file + ":2: duplicate message id 'm1' (first sent at " + file + ":1)")
                .satisfies(e -> assertThat(((UserException) e).kind().exitCode()).isEqualTo(3));
        assertThat(Fixture.entries(dir)).containsExactly("in.jsonl");
    }

    @Test
    void givenHlcAfterAHigherDerivedOneStopsAStrictRunAtItsLine() {
        Path file = write(dir, "in.jsonl", """
                {"node":"n1","ts":10}
                {"node":"n2","ts":50,"send":"m1"}
                {"node":"n1","ts":5,"recv":"m1"}
                {"node":"n1","hlc":{"l":20,"c":0}}
                """);

        assertThatThrownBy(() -> Ingest.run(IngestOptions.of(List.of(file), out()).withStrict(true),
                IngestProgress.NONE))
                .isInstanceOf(UserException.class)
                .hasMessage(file + ":4: HLC goes backwards (20.0 after 50.1); HLCs must increase within a node");
        assertThat(Fixture.entries(dir)).containsExactly("in.jsonl");

        IngestSummary summary = ingest(file);
        assertThat(Fixture.quarantine(out())).containsExactly(record(file, 4,
                "HLC goes backwards (20.0 after 50.1); HLCs must increase within a node",
                "{\"node\":\"n1\",\"hlc\":{\"l\":20,\"c\":0}}"));
        assertThat(summary.read()).isEqualTo(4);
        assertThat(summary.ingested()).isEqualTo(3);
        assertThat(summary.quarantined()).isEqualTo(1);
    }

    @Test
    void missingSendsAndDeadlocksAreCountedAndWarned() throws IOException {
        Path file = write(dir, "in.jsonl", """
                {"node":"n1","ts":10,"recv":"a"}
                {"node":"n1","ts":11,"send":"b"}
                {"node":"n2","ts":20,"recv":"b"}
                {"node":"n2","ts":21,"send":"a"}
                {"node":"n2","ts":22,"recv":"lost"}
                """);
        IngestSummary summary = ingest(file);

        List<String> warnings = List.of(
                file + ":1: causal order deadlock: every remaining event waits for another; this event of node 'n1'"
                        + " waits for the send of message 'a' at " + file + ":4, so it is ordered as a local event",
                file + ":5: receive of message 'lost', which no event in the input sends; ordered as a local event");
        assertThat(summary.missingSends()).isEqualTo(1);
        assertThat(summary.reconstructed()).isEqualTo(5);
        assertThat(summary.warnings()).containsExactlyInAnyOrderElementsOf(warnings);
        assertThat(summary.toJson()).contains("\"missing_sends\":1");
        JsonNode metadata = Fixture.JSON.readTree(Files.readString(out().resolve(EventsSchema.METADATA_FILE)));
        assertThat(metadata.get("missing_sends").asLong()).isEqualTo(1);
        assertThat(metadata.get("reconstructed").asLong()).isEqualTo(5);
        assertThat(rows(out())).extracting(row -> row.line() + "@" + row.l() + "." + row.c())
                .containsExactly("1@10.0", "2@11.0", "3@20.0", "4@21.0", "5@22.0");
    }

    @Test
    void randomExecutionsEndToEndWithReceivesReadBeforeTheirSends() throws IOException {
        Random random = new Random(7);
        for (int iteration = 0; iteration < 40; iteration++) {
            Path run = dir.resolve("run" + iteration);
            Execution execution = new Execution(random, false);
            int[] order = HlcReconstructionTest.readOrder(execution, random);
            Map<String, Execution.Event> byLine = new HashMap<>();
            for (int position = 0; position < order.length; position++) {
                int node = order[position];
                StringBuilder lines = new StringBuilder();
                String file = run.resolve("logs/" + position + "-n" + node + ".jsonl").toString();
                List<Execution.Event> events = execution.byNode.get(node);
                for (int i = 0; i < events.size(); i++) {
                    Execution.Event event = events.get(i);
                    lines.append("{\"node\":\"n").append(node).append("\",\"ts\":").append(event.pt);
                    if (!event.send.isEmpty()) {
                        lines.append(",\"send\":").append(Fixture.JSON.writeValueAsString(event.send));
                    }
                    if (!event.recv.isEmpty()) {
                        lines.append(",\"recv\":").append(Fixture.JSON.writeValueAsString(event.recv));
                    }
                    lines.append("}\n");
                    byLine.put(file + ":" + (i + 1), event);
                }
                write(run, "logs/" + position + "-n" + node + ".jsonl", lines.toString());
            }
            if (byLine.isEmpty()) {
                continue;
            }
            IngestSummary summary = Ingest.run(IngestOptions.of(List.of(run.resolve("logs")), run.resolve("events")),
                    IngestProgress.NONE);

            assertThat(summary.ingested()).isEqualTo(execution.all.size());
            assertThat(summary.reconstructed()).isEqualTo(execution.all.size());
            assertThat(summary.missingSends()).isZero();
            assertThat(summary.warnings()).isEmpty();
            for (Row row : rows(run.resolve("events"))) {
                byLine.get(row.file() + ":" + row.line()).hlc = new Hlc(row.l(), row.c());
            }
            HlcReconstructionTest.checkMessagesAndNodes(execution, execution);
            HlcReconstructionTest.checkWallClockBound(execution);
        }
    }
}
