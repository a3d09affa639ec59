package io.retrocut.ingest;

import static io.retrocut.ingest.Fixture.rows;
import static io.retrocut.ingest.Fixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retrocut.events.UserException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format files: the README's worked example, record framing, and the errors a format file author sees. */
class FormatFilesTest {
    private static final Path EXAMPLE = Path.of("../sample-data/formats");

    @TempDir
    Path dir;

    private Path out() {
        return dir.resolve("events");
    }

    private IngestSummary ingest(Path format, Path... inputs) {
        return Ingest.run(IngestOptions.of(List.of(inputs), out()).withFormat(format.toString()),
                IngestProgress.NONE);
    }

    /** The worked example of the README's "Log formats" section, exactly as shown there. */
    @Test
    void readmeWorkedExample() {
        Path log = EXAMPLE.resolve("shop.log");
        IngestSummary summary = ingest(EXAMPLE.resolve("shop-format.yaml"), log);

        assertThat(rows(out())).extracting(row -> row.line() + " " + row.node() + " " + row.l() + "." + row.c() + " "
                        + row.key() + " " + row.type() + " " + row.vars() + " send=" + row.send() + " recv="
                        + row.recv())
                .containsExactly(
                        "1 inventory-1 1763800000009.0 inventory Start {role=FOLLOWER, term=3} send=null recv=null",
                        "2 inventory-2 1763800000121.0 inventory SendStock null send=[stock-41] recv=null",
                        "4 inventory-2 1763800000300.0 inventory BecomeLeader {role=LEADER, term=4} send=null"
                                + " recv=null",
                        "3 inventory-1 1763800000125.0 sku-A-17 Stock {qty=12} send=null recv=[stock-41]");
        assertThat(Fixture.quarantine(out())).extracting(q -> q.get("line").asInt() + " " + q.get("lines").asInt()
                        + " " + q.get("reason").asText())
                .containsExactly("5 3 field 'qty' is \"lots\", expected an integer (int64)");
        assertThat(summary.read()).isEqualTo(8);
        assertThat(summary.ingested()).isEqualTo(4);
        assertThat(summary.quarantined()).isEqualTo(3);
        assertThat(summary.ignored()).isEqualTo(1);
        assertThat(summary.events()).isEqualTo(4);
    }

    @Test
    void fixedLineRecordsAndAnIncompleteLastRecord() {
        Path format = write(dir, "pairs.yaml", """
                records: {lines: 2}
                regex: '^(?<event>.*)\\n(?<host>\\S+) (?<clock>\\{.*\\})$'
                node: "${host}"
                vector_clock: "${clock}"
                type: "${event}"
                """);
        Path log = write(dir, "a.log", "start\na {\"a\":1}\n\nsend\na {\"a\":2}\norphan\n");
        IngestSummary summary = ingest(format, log);

        assertThat(rows(out())).extracting(row -> row.line() + " " + row.type() + " " + row.c())
                .containsExactly("1 start 0", "4 send 1");
        assertThat(Fixture.quarantine(out())).extracting(q -> q.get("line").asInt() + " " + q.get("reason").asText())
                .containsExactly("6 incomplete record: the file ends after 1 line(s) (a record has 2 lines)");
        assertThat(summary.blank()).isEqualTo(1);
        assertThat(summary.read()).isEqualTo(6);
    }

    @Test
    void jsonFieldPathsDefaultSetAndUnset() {
        Path format = write(dir, "app.yaml", """
                json: true
                node: "${host.name}"
                time: {field: t, format: epoch_ms}
                type: "${msg}"
                set: {state: "${state}", ok: "${ok:bool}", gone: null}
                """);
        Path log = write(dir, "app.jsonl", """
                {"t": 1763800000009.5, "host": {"name": "h1"}, "msg": "up", "state": 3, "ok": "true"}
                {"t": 1763800000010, "host": {"name": "h1"}, "msg": "half", "state": 2.5}
                """);
        ingest(format, log);

        assertThat(rows(out())).extracting(row -> row.node() + " " + row.ts() + " " + row.type() + " " + row.vars()
                        + " " + row.unset())
                .containsExactly("h1 1763800000009500 up {ok=true, state=3.0} [gone]",
                        "h1 1763800000010000 half {state=2.5} [gone]");
    }

    @Test
    void mistakesInFormatFilesAreUsageErrorsNamingFileAndKey() {
        assertFormatError("regex: '(?<a>x'\nnode: '${a}'\ntime: {field: a}\n", "regex: the regular expression does"
                + " not compile: Unclosed group at position 6\n  (?<a>x\n        ^");
        assertFormatError("regex: '(?<a>x)'\nnod: '${a}'\n", "nod: unknown key 'nod'; known keys: name, records,"
                + " skip, json, regex, unmatched, file, message, node, time, vector_clock, key, type, set, send, recv,"
                + " number_messages, rules, keep");
        assertFormatError("regex: '(?<a>x)'\nnode: '${b}'\ntime: {field: a}\n", "node: unknown field 'b'; the regex"
                + " groups and fields here are: a, last_node, record");
        assertFormatError("regex: '(?<a>x)'\ntime: {field: a}\n", "node: is missing: give the node's template at the"
                + " top (e.g. node: '${host}') or in every rule");
        assertFormatError("regex: '(?<a>x)'\nnode: '${a}'\n", "give 'time' (a wall-clock field) or 'vector_clock';"
                + " events need one of them to be ordered");
        assertFormatError("regex: '(?<a>x)'\nnode: '${a}'\ntime: {field: a, format: 'yyyy-MM-dd {HH}'}\n",
                "time: time format 'yyyy-MM-dd {HH}' is not a valid java.time pattern: Pattern includes reserved character: '{';"
                        + " formats: rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns or a java.time pattern such as"
                        + " 'yyyy-MM-dd HH:mm:ss,SSS'");
        assertFormatError("json: true\nnode: '${n}'\ntime: {field: t}\nrules:\n  - match: x\n    set: {t: '${t:int}'}\n",
                "rules[0].set.t: unknown conversion 'int' in ${t:int}; conversions: string, long, double, bool, hex,"
                        + " zxid_epoch, zxid_counter, upper, lower");
        assertFormatError("json: true\nnode: '${n}'\ntime: {field: t}\nset: {Node: x}\n", "set.Node: 'Node' is"
                + " reserved (every cut already has a 'node' field); rename the variable");
        assertFormatError("json: true\nregex: x\n", "give exactly one of 'regex' (a text log) and 'json: true' (one"
                + " JSON object per record)");
        assertFormatError("json: [\n", "not valid YAML: ");
    }

    private void assertFormatError(String yaml, String message) {
        Path format = write(dir, "bad.yaml", yaml);
        Path log = write(dir, "x.log", "x\n");
        assertThatThrownBy(() -> ingest(format, log))
                .isInstanceOfSatisfying(UserException.class,
                        e -> assertThat(e.kind()).isEqualTo(UserException.Kind.USAGE))
                .message().startsWith(format + ": " + message);
        assertThat(out()).doesNotExist();
    }

    @Test
    void unknownPresetAndMissingFormatFile() {
        Path log = write(dir, "x.log", "x\n");
        assertThatThrownBy(() -> Ingest.run(IngestOptions.of(List.of(log), out()).withFormat("zookeper"),
                IngestProgress.NONE))
                .hasMessage("unknown format 'zookeper'; presets: canonical, etcd, etcd-raft-trace, govector,"
                        + " retroscope, shiviz, zookeeper; or give a format file path");
        assertThatThrownBy(() -> Ingest.run(IngestOptions.of(List.of(log), out()).withFormat("conf/app.yaml"),
                IngestProgress.NONE))
                .hasMessage("format file conf/app.yaml does not exist");
    }
}
