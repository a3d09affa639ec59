package io.retrocut.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages of the command line for a user's mistakes: never a stack trace. */
class CommandLineTest {
    @TempDir
    Path temp;

    @Test
    void unknownCommandIsAUsageError() {
        Cli.Result result = Cli.run("frobnicate");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("retrocut: Unmatched argument at index 0: 'frobnicate'\nTry 'retrocut --help' for more information.\n");
    }

    @Test
    void missingRequiredOption() {
        Cli.Result result = Cli.run("ingest", "x.jsonl");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("retrocut: Missing required option: '--output=EVENTS_DIR'\n");
    }

    @Test
    void unknownFormatNamesTheKnownOnes() {
        Cli.Result result = Cli.run("ingest", "x.jsonl", "-o", temp.resolve("e").toString(), "--format", "etcdd");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("retrocut: unknown format 'etcdd'; presets: canonical, etcd, etcd-raft-trace, govector, retroscope,"
                + " shiviz, zookeeper; or give a format file path\n");
    }

    @Test
    void badHlcUnit() {
        Cli.Result result = Cli.run("ingest", "x.jsonl", "-o", temp.resolve("e").toString(), "--hlc-unit", "s");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("retrocut: unknown HLC unit 's'; expected ms, us or ns\n");
    }

    @Test
    void strictStopsAtTheFirstBadLineWithExitThree() throws Exception {
        Path log = temp.resolve("n1.jsonl");
        Files.write(log, List.of(
                "{\"node\":\"n1\",\"hlc\":{\"l\":5,\"c\":0}}",
                "{\"node\":\"n1\",\"hlc\":{\"l\":4,\"c\":0}}"));
        Path events = temp.resolve("events");
        Cli.Result result = Cli.run("ingest", log.toString(), "-o", events.toString(), "--strict");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("retrocut: " + log + ":2: HLC goes backwards (4.0 after 5.0); HLCs must increase within a node\n");
        assertThat(events).doesNotExist();
    }

    @Test
    void quarantineIsCountedInTheSummary() throws Exception {
        Path log = temp.resolve("n1.jsonl");
        Files.write(log, List.of(
                "{\"node\":\"n1\",\"hlc\":{\"l\":5,\"c\":0}}",
                "",
                "{\"node\":\"n1\",\"hlc\":{\"l\":4,\"c\":0}}",
                "not json"));
        Path events = temp.resolve("events");
        Cli.Result result = Cli.run("ingest", log.toString(), "-o", events.toString());
        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).isEqualTo("ingested 1 events from 1 file(s) into " + events + " (1 node(s), 1 key(s), 0 variable(s))\n"
                + "read 4 lines: 1 ingested, 2 quarantined, 0 ignored, 1 blank\n"
                + "quarantined lines (file, line, reason, raw): " + events.resolve("_quarantine.jsonl") + "\n");
        assertThat(Files.readAllLines(events.resolve("_quarantine.jsonl"))).hasSize(2);
    }

    @Test
    void presetFormatCountsIgnoredLines() throws Exception {
        Path log = temp.resolve("zk.log");
        Files.write(log, List.of(
                "2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:QuorumPeer@670] - LOOKING",
                "2015-07-29 17:41:45,000 - WARN  [SendWorker:188978561024:QuorumCnxManager$SendWorker@688] - Send worker leaving thread",
                "",
                "2015-07-29 17:41:46,000 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:QuorumPeer@738] - FOLLOWING"));
        Path events = temp.resolve("events");
        Cli.Result result = Cli.run("ingest", log.toString(), "-o", events.toString(), "--format", "zookeeper");
        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).isEqualTo("ingested 2 events from 1 file(s) into " + events + " (1 node(s), 1 key(s), 1 variable(s))\n"
                + "read 4 lines: 2 ingested, 0 quarantined, 1 ignored, 1 blank\n");
    }

    @Test
    void badFormatFileIsAUsageError() throws Exception {
        Path format = temp.resolve("fmt.yaml");
        Files.writeString(format, "regex: '(?<a>x)'\nnode: '${b}'\ntime: {field: a}\n");
        Cli.Result result = Cli.run("ingest", "x.log", "-o", temp.resolve("e").toString(), "--format", format.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("retrocut: " + format + ": node: unknown field 'b'; the regex groups and fields here are: a, last_node, record\n");
    }

    @Test
    void badInvariantIsAUsageErrorBeforeAnyWork() throws Exception {
        Path invariants = temp.resolve("inv.yaml");
        Files.writeString(invariants, "invariants:\n  - {name: a, check: \"true\"}\n  - {name: a, check: \"true\"}\n");
        Cli.Result result = Cli.run("check", temp.resolve("no-events").toString(), "-i", invariants.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("retrocut: " + invariants + ": duplicate invariant name 'a' (invariant #2)\n");
    }

    @Test
    void missingEventsDatasetIsBadInput() throws Exception {
        Path invariants = temp.resolve("inv.yaml");
        Files.writeString(invariants, "invariants:\n  - {name: a, check: \"true\"}\n");
        Path missing = temp.resolve("no-events");
        Cli.Result result = Cli.run("check", missing.toString(), "-i", invariants.toString());
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("retrocut: events dataset not found: " + missing
                + " (create one with: retrocut ingest LOGS... -o " + missing + ")\n");
    }
}
