package io.retrocut.ingest;

import static io.retrocut.ingest.Fixture.rows;
import static io.retrocut.ingest.Fixture.write;
import static io.retrocut.ingest.Fixture.writeBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.retrocut.events.HlcUnit;
import io.retrocut.events.UserException;
import io.retrocut.ingest.Fixture.Row;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IngestBadInputTest {
    @TempDir
    Path dir;

    private Path out() {
        return dir.resolve("events");
    }

    private IngestSummary ingest(Path input) {
        return Ingest.run(IngestOptions.of(List.of(input), out()), IngestProgress.NONE);
    }

    static Stream<Arguments> badLines() {
        return Stream.of(
                Arguments.of("{\"node\":\"n1\",",
                        "malformed JSON at column 14: Unexpected end-of-input within/between Object entries"),
                Arguments.of("{\"node\":\"n1\" \"hlc\":5}", "malformed JSON at column 14: Unexpected character"
                        + " ('\"' (code 34)): was expecting comma to separate Object entries"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":5} {}",
                        "malformed JSON at column 23: unexpected content after the JSON object"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":5}}",
                        "malformed JSON at column 22: Unexpected close marker '}': expected ']'"),
                Arguments.of("nope", "malformed JSON at column 5: Unrecognized token 'nope': was expecting"
                        + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"),
                Arguments.of("[1,2]", "expected a JSON object, got array"),
                Arguments.of("\"n1\"", "expected a JSON object, got string"),
                Arguments.of("{\"hlc\":5}", "missing required field 'node'"),
                Arguments.of("{\"node\":7,\"hlc\":5}", "wrong type for 'node': expected string, got integer"),
                Arguments.of("{\"node\":null,\"hlc\":5}", "wrong type for 'node': expected string, got null"),
                Arguments.of("{\"node\":{\"id\":1},\"hlc\":5}", "wrong type for 'node': expected string, got object"),
                Arguments.of("{\"node\":\"\",\"hlc\":5}", "'node' is empty"),
                Arguments.of("{\"node\":\"n1\",\"key\":\"k\"}", "missing both 'hlc' and 'ts'; one of them is required"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":null,\"ts\":null}",
                        "missing both 'hlc' and 'ts'; one of them is required"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":\"5\"}",
                        "wrong type for 'hlc': expected object or integer, got string"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":5.5}",
                        "wrong type for 'hlc': expected object or integer, got number"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":{\"l\":1.5,\"c\":0}}",
                        "wrong type for 'hlc.l': expected integer, got number"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":{\"l\":1,\"c\":\"0\"}}",
                        "wrong type for 'hlc.c': expected integer, got string"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":{\"l\":1}}", "missing field 'hlc.c'"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":{\"c\":1}}", "missing field 'hlc.l'"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":{\"l\":1,\"c\":0,\"x\":2}}",
                        "unknown field 'hlc.x'; an hlc object has only 'l' and 'c'"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":-1}",
                        "'hlc' is out of range: -1 (a packed HLC is a non-negative int64)"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":123456789012345678901234567890}",
                        "'hlc' is out of range: 123456789012345678901234567890 (expected an int64)"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":{\"l\":-1,\"c\":0}}",
                        "'hlc.l' is out of range: -1 (expected 0..9223372036854775)"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":{\"l\":9223372036854776,\"c\":0}}",
                        "'hlc.l' is out of range: 9223372036854776 (expected 0..9223372036854775)"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":{\"l\":1,\"c\":-1}}",
                        "'hlc.c' is out of range: -1 (expected 0..2147483647)"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":{\"l\":1,\"c\":99999999999}}",
                        "'hlc.c' is out of range: 99999999999 (expected 0..2147483647)"),
                Arguments.of("{\"node\":\"n1\",\"ts\":true}", "wrong type for 'ts': expected string or number, got boolean"),
                Arguments.of("{\"node\":\"n1\",\"ts\":\"yesterday\"}", "invalid 'ts' \"yesterday\": expected an RFC 3339"
                        + " timestamp like 2025-11-22T08:26:40.012Z or epoch milliseconds"),
                Arguments.of("{\"node\":\"n1\",\"ts\":\"2025-02-30T00:00:00Z\"}", "invalid 'ts' \"2025-02-30T00:00:00Z\":"
                        + " expected an RFC 3339 timestamp like 2025-11-22T08:26:40.012Z or epoch milliseconds"),
                Arguments.of("{\"node\":\"n1\",\"ts\":\"2025-11-22T08:26:40\"}", "invalid 'ts' \"2025-11-22T08:26:40\":"
                        + " expected an RFC 3339 timestamp like 2025-11-22T08:26:40.012Z or epoch milliseconds"),
                Arguments.of("{\"node\":\"n1\",\"ts\":1e30}",
                        "'ts' is out of range: 1e30 (expected a time in the years 0000 to 9999)"),
                Arguments.of("{\"node\":\"n1\",\"ts\":1e9999999999}",
                        "'ts' is out of range: 1e9999999999 (expected a time in the years 0000 to 9999)"),
                Arguments.of("{\"node\":\"n1\",\"ts\":1e999999999}",
                        "'ts' is out of range: 1e999999999 (expected a time in the years 0000 to 9999)"),
                Arguments.of("{\"node\":\"n1\",\"ts\":-1e-999999999}",
                        "'ts' is before 1970-01-01T00:00:00Z; an HLC cannot be derived from it"),
                Arguments.of("{\"node\":\"n1\",\"ts\":-5}",
                        "'ts' is before 1970-01-01T00:00:00Z; an HLC cannot be derived from it"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":1,\"key\":5}", "wrong type for 'key': expected string, got integer"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":1,\"type\":[\"a\"]}",
                        "wrong type for 'type': expected string, got array"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":1,\"set\":[1]}", "wrong type for 'set': expected object, got array"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":1,\"set\":{\"x\":{\"a\":1}}}",
                        "wrong type for 'set.x': expected string, number, boolean or null, got object"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":1,\"set\":{\"x\":[1]}}",
                        "wrong type for 'set.x': expected string, number, boolean or null, got array"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":1,\"send\":5}",
                        "wrong type for 'send': expected string or array of strings, got integer"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":1,\"recv\":[\"a\",1]}",
                        "wrong type for 'recv[1]': expected string, got integer"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":1,\"set\":{\"node\":\"x\"}}", "variable 'node' in 'set' is reserved"
                        + " (every cut already has a 'node' field); rename the variable"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":1,\"set\":{\"NODE\":\"x\"}}", "variable 'NODE' in 'set' is reserved"
                        + " (every cut already has a 'node' field); rename the variable"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":1,\"set\":{\"\":1}}", "'set' has a variable with an empty name"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":1,\"node\":\"n2\"}", "duplicate field 'node'"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":1,\"set\":{\"a\":1,\"a\":2}}", "duplicate field 'set.a'"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":{\"l\":1,\"l\":2,\"c\":0}}", "duplicate field 'hlc.l'"),
                Arguments.of("{\"node\":\"n1\",\"hlc\":1,\"x\":{\"y\":1,\"y\":2}}", "duplicate field 'x.y'"));
    }

    @ParameterizedTest
    @MethodSource("badLines")
    void badLineIsQuarantinedWithItsReason(String line, String reason) {
        Path file = write(dir, "in.jsonl", "{\"node\":\"n0\",\"hlc\":1}\n" + line + "\n");
        IngestSummary summary = ingest(file);

        assertThat(Fixture.quarantine(out())).containsExactly(record(file, 2, reason, line));
        assertThat(summary.read()).isEqualTo(2);
        assertThat(summary.ingested()).isEqualTo(1);
        assertThat(summary.quarantined()).isEqualTo(1);
        assertThat(rows(out())).extracting(Row::node).containsExactly("n0");
    }

    @Test
    void tsTooLateForNanoseconds() {
        Path file = write(dir, "in.jsonl", "{\"node\":\"n1\",\"ts\":\"2300-01-01T00:00:00Z\"}\n");
        Ingest.run(IngestOptions.of(List.of(file), out()).withHlcUnit(HlcUnit.NS), IngestProgress.NONE);

        assertThat(Fixture.quarantine(out())).extracting(node -> node.get("reason").asText()).containsExactly(
                "'ts' is too late to be expressed in ns as an int64; give an 'hlc' or use a coarser --hlc-unit");
    }

    @Test
    void reconstructedLogicalCounterOverflow() {
        Path file = write(dir, "in.jsonl", """
                {"node":"n1","hlc":{"l":5,"c":2147483647}}
                {"node":"n1","ts":5}
                """);
        ingest(file);

        assertThat(Fixture.quarantine(out())).extracting(node -> node.get("reason").asText()).containsExactly(
                "the HLC logical counter derived from 'ts' exceeds 2147483647; give an 'hlc' instead");
    }

    @Test
    void invalidUtf8NamesTheByteOffsetAndKeepsTheRawLineWithReplacementCharacters() {
        byte[] bad = "{\"node\":\"n?1\",\"hlc\":1}\n{\"node\":\"n2\",\"hlc\":1}\n".getBytes(StandardCharsets.UTF_8);
        bad[10] = (byte) 0xFF;
        Path file = writeBytes(dir, "in.jsonl", bad);
        IngestSummary summary = ingest(file);

        assertThat(Fixture.quarantine(out())).containsExactly(
                record(file, 1, "invalid UTF-8 at byte offset 10", "{\"node\":\"n\uFFFD1\",\"hlc\":1}"));
        assertThat(summary.ingested()).isEqualTo(1);
    }

    @Test
    void hlcRegressionAndRepeatWithinANodeAcrossFiles() {
        Path a = write(dir, "in/a.jsonl", """
                {"node":"n1","hlc":{"l":1763800000015,"c":0}}
                {"node":"n1","hlc":{"l":1763800000012,"c":3}}
                {"node":"n2","hlc":{"l":1763800000012,"c":3}}
                """);
        Path b = write(dir, "in/b.jsonl", """
                {"node":"n1","hlc":{"l":1763800000015,"c":0}}
                {"node":"n1","hlc":{"l":1763800000015,"c":1}}
                {"node":"n1","ts":1763800000001}
                {"node":"n1","hlc":{"l":1763800000015,"c":2}}
                """);
        IngestSummary summary = ingest(dir.resolve("in"));

        assertThat(Fixture.quarantine(out())).containsExactly(
                record(a, 2, "HLC goes backwards (1763800000012.3 after 1763800000015.0); HLCs must increase within"
                        + " a node", "{\"node\":\"n1\",\"hlc\":{\"l\":1763800000012,\"c\":3}}"),
                record(b, 1, "HLC repeats (1763800000015.0); HLCs must increase within a node",
                        "{\"node\":\"n1\",\"hlc\":{\"l\":1763800000015,\"c\":0}}"),
                record(b, 4, "HLC repeats (1763800000015.2); HLCs must increase within a node",
                        "{\"node\":\"n1\",\"hlc\":{\"l\":1763800000015,\"c\":2}}"));
        // the ts-only event follows the node's clock: 15.1 then 15.2, so the explicit 15.2 repeats it (rows come in
        // causal order, here by HLC)
        assertThat(rows(out())).extracting(row -> row.node() + "@" + row.l() + "." + row.c()).containsExactly(
                "n2@1763800000012.3", "n1@1763800000015.0", "n1@1763800000015.1", "n1@1763800000015.2");
        assertThat(summary.quarantined()).isEqualTo(3);
    }

    @Test
    void tooLongLinesAreSkippedUnbufferedAndKeepOnlyAPrefix() {
        String longLine = "{\"node\":\"n1\",\"hlc\":1,\"pad\":\"" + "x".repeat(10_000) + "\"}";
        Path file = write(dir, "in.jsonl", longLine + "\r\n{\"node\":\"n1\",\"hlc\":2}\n" + longLine);
        IngestSummary summary = Ingest.run(IngestOptions.of(List.of(file), out()).withMaxLineBytes(4096),
                IngestProgress.NONE);

        String reason = "line is " + longLine.length() + " bytes, longer than the limit of 4096 bytes";
        assertThat(Fixture.quarantine(out())).containsExactly(
                record(file, 1, reason, longLine.substring(0, 1024)),
                record(file, 3, reason, longLine.substring(0, 1024)));
        assertThat(rows(out())).extracting(Row::line).containsExactly(2L);
        assertThat(summary.read()).isEqualTo(3);
    }

    @Test
    void lineExactlyAtTheLimitIsAccepted() {
        String line = "{\"node\":\"n1\",\"hlc\":1}";
        Path file = write(dir, "in.jsonl", line + "\r\n");
        IngestSummary summary = Ingest.run(IngestOptions.of(List.of(file), out()).withMaxLineBytes(line.length()),
                IngestProgress.NONE);

        assertThat(summary.ingested()).isEqualTo(1);
    }

    @Test
    void truncatedGzipKeepsTheLinesBeforeAndQuarantinesWhereTheDataEnded() throws IOException {
        String content = "{\"node\":\"n1\",\"hlc\":1}\n{\"node\":\"n1\",\"hlc\":2}\n{\"node\":\"n1\",\"hlc\":3}\n";
        byte[] stored = storedGzip(content);
        // stored (uncompressed) deflate blocks hold the text verbatim, so the cut point is exact
        int start = indexOf(stored, content.getBytes(StandardCharsets.UTF_8));
        int cut = start + content.indexOf("\"hlc\":3");
        Path file = writeBytes(dir, "n1.jsonl.gz", Arrays.copyOf(stored, cut));
        IngestSummary summary = ingest(file);

        assertThat(Fixture.quarantine(out())).containsExactly(record(file, 3,
                "truncated gzip: compressed data ends unexpectedly", "{\"node\":\"n1\","));
        assertThat(rows(out())).extracting(Row::line).containsExactly(1L, 2L);
        assertThat(summary.read()).isEqualTo(3);
        assertThat(summary.ingested()).isEqualTo(2);
        assertThat(summary.quarantined()).isEqualTo(1);
    }

    @Test
    void gzipCutInItsTrailerKeepsEveryLine() {
        byte[] gzip = Fixture.gzip("{\"node\":\"n1\",\"hlc\":1}\n{\"node\":\"n1\",\"hlc\":2}\n");
        Path file = writeBytes(dir, "n1.jsonl.gz", Arrays.copyOf(gzip, gzip.length - 4));
        IngestSummary summary = ingest(file);

        assertThat(Fixture.quarantine(out())).containsExactly(record(file, 3,
                "truncated gzip: compressed data ends unexpectedly", ""));
        assertThat(summary.ingested()).isEqualTo(2);
        assertThat(summary.read()).isEqualTo(3);
    }

    @Test
    void notGzipAtAll() {
        Path file = write(dir, "n1.jsonl.gz", "{\"node\":\"n1\",\"hlc\":1}\n");
        IngestSummary summary = ingest(file);

        assertThat(Fixture.quarantine(out())).containsExactly(record(file, 1, "corrupt gzip: Not in GZIP format", ""));
        assertThat(summary.read()).isEqualTo(1);
        assertThat(summary.ingested()).isZero();
    }

    @Test
    void everyLineOfAMixedFileIsAccountedFor() {
        String content = String.join("\n",
                "{\"node\":\"n1\",\"hlc\":1,\"set\":{\"x\":1}}",
                "",
                "{\"node\":\"n1\",\"hlc\":1}",
                "   \t",
                "{\"hlc\":7}",
                "{\"node\":\"n2\",\"ts\":\"2025-11-22T08:26:40Z\",\"recv\":\"m\"}",
                "{oops",
                "{\"node\":\"n2\",\"hlc\":{\"l\":1,\"c\":0},\"set\":{\"y\":[]}}",
                "{\"node\":\"n1\",\"hlc\":2,\"set\":{\"x\":null}}",
                "\r",
                "{\"node\":\"n3\",\"hlc\":9}") + "\n";
        Path file = write(dir, "mixed.jsonl", content);
        IngestSummary summary = ingest(file);

        assertThat(summary.read()).isEqualTo(11);
        assertThat(summary.ingested()).isEqualTo(4);
        assertThat(summary.quarantined()).isEqualTo(4);
        assertThat(summary.blank()).isEqualTo(3);
        assertThat(summary.read()).isEqualTo(summary.ingested() + summary.quarantined() + summary.blank());
        assertThat(Fixture.quarantine(out())).containsExactly(
                record(file, 3, "HLC repeats (0.1); HLCs must increase within a node", "{\"node\":\"n1\",\"hlc\":1}"),
                record(file, 5, "missing required field 'node'", "{\"hlc\":7}"),
                record(file, 7, "malformed JSON at column 2: Unexpected character ('o' (code 111)): was expecting"
                        + " double-quote to start field name", "{oops"),
                record(file, 8, "wrong type for 'set.y': expected string, number, boolean or null, got array",
                        "{\"node\":\"n2\",\"hlc\":{\"l\":1,\"c\":0},\"set\":{\"y\":[]}}"));
        assertThat(rows(out())).extracting(Row::line).containsExactlyInAnyOrder(1L, 6L, 9L, 11L);
    }

    @Test
    void strictStopsAtTheFirstBadLineAndLeavesNothingBehind() {
        Path file = write(dir, "in.jsonl", "{\"node\":\"n1\",\"hlc\":1}\n\n{\"hlc\":2}\n{oops\n");

        assertThatThrownBy(() -> Ingest.run(IngestOptions.of(List.of(file), out()).withStrict(true),
                IngestProgress.NONE))
                .isInstanceOf(UserException.class)
                .hasMessage(file + ":3: missing required field 'node'")
                .satisfies(e -> assertThat(((UserException) e).kind()).isEqualTo(UserException.Kind.BAD_INPUT));
        assertThat(Fixture.entries(dir)).containsExactly("in.jsonl");
    }

    /**
     * Lines are read and parsed on a second thread in batches (CanonicalReader); across many batches, two files, a
     * line longer than a batch's buffer, and rejections made on either thread, every line keeps its number, its raw
     * text and its order in the quarantine.
     */
    @Test
    void manyBatchesKeepEveryLineInItsPlace() {
        List<JsonNode> expected = new java.util.ArrayList<>();
        long events = 0;
        long blanks = 0;
        List<Path> files = new java.util.ArrayList<>();
        for (String name : List.of("a.jsonl", "b.jsonl")) {
            Path file = dir.resolve("in").resolve(name);
            StringBuilder text = new StringBuilder();
            int hlc = 0;
            for (int line = 1; line <= 5_000; line++) {
                String row;
                if (line % 7 == 0) {
                    row = "{\"node\":\"n1\",\"hlc\":" + line + ",oops}";
                    expected.add(record(file, line, "malformed JSON at column " + (row.indexOf("oops") + 1)
                            + ": Unexpected character ('o' (code 111)): was expecting double-quote to start field name",
                            row));
                } else if (line % 11 == 0) {
                    row = "{\"node\":\"n1\",\"hlc\":1}"; // rejected by the ingest thread, not the parser
                    expected.add(record(file, line, "HLC goes backwards (0.1 after 0." + hlc
                            + "); HLCs must increase within a node", row));
                } else if (line % 13 == 0) {
                    row = "  ";
                    blanks++;
                } else if (line == 2_500) {
                    row = "{\"node\":\"n1\",\"hlc\":" + (++hlc) + ",\"msg\":\"" + "x".repeat(300_000) + "\"}";
                    events++;
                } else {
                    row = "{\"node\":\"n1\",\"hlc\":" + (++hlc) + ",\"key\":\"k" + line % 3 + "\"}";
                    events++;
                }
                text.append(row).append('\n');
            }
            files.add(write(dir.resolve("in"), name, text.toString()));
        }
        // b.jsonl's node is a different one, so that its HLCs start again
        Path b = files.get(1);
        try {
            Files.writeString(b, Files.readString(b).replace("\"n1\"", "\"n2\""));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<JsonNode> expectedB = expected.stream()
                .map(node -> node.get("file").asText().equals(b.toString())
                        ? record(b, node.get("line").asLong(), node.get("reason").asText(),
                                node.get("raw").asText().replace("\"n1\"", "\"n2\""))
                        : node)
                .toList();

        IngestSummary summary = ingest(dir.resolve("in"));

        assertThat(Fixture.quarantine(out())).containsExactlyElementsOf(expectedB);
        assertThat(summary.read()).isEqualTo(10_000);
        assertThat(summary.ingested()).isEqualTo(events);
        assertThat(summary.blank()).isEqualTo(blanks);
        assertThat(summary.quarantined()).isEqualTo(expected.size());

        assertThatThrownBy(() -> Ingest.run(IngestOptions.of(List.of(dir.resolve("in")), dir.resolve("strict"))
                .withStrict(true), IngestProgress.NONE))
                .isInstanceOf(UserException.class)
                .hasMessage(files.get(0) + ":7: " + expected.get(0).get("reason").asText());
    }

    @Test
    void strictAcceptsACleanInput() {
        Path file = write(dir, "in.jsonl", "{\"node\":\"n1\",\"hlc\":1}\n\n");
        IngestSummary summary = Ingest.run(IngestOptions.of(List.of(file), out()).withStrict(true),
                IngestProgress.NONE);

        assertThat(summary.ingested()).isEqualTo(1);
        assertThat(Fixture.quarantineText(out())).isEmpty();
    }

    @Test
    void missingInputIsReportedBeforeAnyWork() {
        Path good = write(dir, "in.jsonl", "{\"node\":\"n1\",\"hlc\":1}\n");
        Path missing = dir.resolve("nope.jsonl");

        assertThatThrownBy(() -> Ingest.run(IngestOptions.of(List.of(good, missing), out()), IngestProgress.NONE))
                .isInstanceOf(UserException.class)
                .hasMessage("input not found: " + missing)
                .satisfies(e -> assertThat(((UserException) e).kind()).isEqualTo(UserException.Kind.BAD_INPUT));
        assertThat(Fixture.entries(dir)).containsExactly("in.jsonl");
    }

    @Test
    void anOutputInsideAnInputDirectoryIsNotReadAsInput() {
        write(dir, "logs/n1.jsonl", "{\"node\":\"n1\",\"hlc\":1}\n");
        IngestOptions options = IngestOptions.of(List.of(dir.resolve("logs")), dir.resolve("logs/events"));
        Ingest.run(options, IngestProgress.NONE);
        IngestSummary again = Ingest.run(options.withOverwrite(true), IngestProgress.NONE);

        assertThat(again.files()).isEqualTo(1);
        assertThat(again.read()).isEqualTo(1);
        assertThat(again.quarantined()).isZero();
    }

    @Test
    void existingOutputIsNotOverwrittenWithoutOverwrite() {
        Path file = write(dir, "in.jsonl", "{\"node\":\"n1\",\"hlc\":1}\n");
        write(dir, "events/keep.txt", "precious");

        assertThatThrownBy(() -> ingest(file))
                .isInstanceOf(UserException.class)
                .hasMessage("output " + out() + " already exists; pass --overwrite to replace it")
                .satisfies(e -> assertThat(((UserException) e).kind()).isEqualTo(UserException.Kind.USAGE));
        assertThat(Fixture.entries(out())).containsExactly("keep.txt");
        assertThat(Fixture.entries(dir)).containsExactly("events", "in.jsonl");
    }

    @Test
    void theDatasetGetsTheUsualDirectoryPermissionsNotThoseOfATempDirectory() throws IOException {
        Path file = write(dir, "in.jsonl", "{\"node\":\"n1\",\"hlc\":1}\n");
        ingest(file);

        Path ordinary = Files.createDirectory(dir.resolve("ordinary"));
        assertThat(Files.getPosixFilePermissions(out())).isEqualTo(Files.getPosixFilePermissions(ordinary));
    }

    @Test
    void overwriteReplacesTheOutputAndLeavesNoTemporaryDirectories() {
        Path file = write(dir, "in.jsonl", "{\"node\":\"n1\",\"hlc\":1}\n");
        write(dir, "events/keep.txt", "old");

        IngestSummary summary = Ingest.run(IngestOptions.of(List.of(file), out()).withOverwrite(true),
                IngestProgress.NONE);

        assertThat(summary.ingested()).isEqualTo(1);
        assertThat(Fixture.entries(out())).containsExactly("_deltas", "_quarantine.jsonl", "_retrocut.json", "part-00000.parquet");
        assertThat(Fixture.entries(dir)).containsExactly("events", "in.jsonl");
    }

    @Test
    void failedOverwriteKeepsTheOldOutputAndRemovesTheTemporaryDirectory() {
        Path file = write(dir, "in.jsonl", "{\"node\":\"n1\",\"hlc\":1}\n{\"node\":\"n1\",\"hlc\":1}\n");
        write(dir, "events/keep.txt", "old");

        assertThatThrownBy(() -> Ingest.run(IngestOptions.of(List.of(file), out()).withOverwrite(true)
                .withStrict(true), IngestProgress.NONE))
                .hasMessage(file + ":2: HLC repeats (0.1); HLCs must increase within a node");
        assertThat(Fixture.entries(out())).containsExactly("keep.txt");
        assertThat(Fixture.entries(dir)).containsExactly("events", "in.jsonl");
    }

    private static JsonNode record(Path file, long line, String reason, String raw) {
        return Fixture.JSON.createObjectNode()
                .put("file", file.toString())
                .put("line", (int) line)
                .put("reason", reason)
                .put("raw", raw);
    }

    private static byte[] storedGzip(String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes) {
            {
                def.setLevel(Deflater.NO_COMPRESSION);
            }
        }) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("content not found in the gzip stream");
    }
}
