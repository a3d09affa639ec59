package io.retrocut.ingest;

import static io.retrocut.ingest.Fixture.rows;
import static io.retrocut.ingest.Fixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.retrocut.events.EventsSchema;
import io.retrocut.events.HlcUnit;
import io.retrocut.events.VariableType;
import io.retrocut.ingest.Fixture.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestParsingTest {
    private static final long L = 1763800000009L;

    @TempDir
    Path dir;

    private Path out() {
        return dir.resolve("events");
    }

    private IngestSummary ingest(Path input) {
        return Ingest.run(IngestOptions.of(List.of(input), out()), IngestProgress.NONE);
    }

    private IngestSummary ingest(Path input, HlcUnit unit) {
        return Ingest.run(IngestOptions.of(List.of(input), out()).withHlcUnit(unit), IngestProgress.NONE);
    }

    private static Map<String, Object> vars(Object... namesAndValues) {
        Map<String, Object> vars = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            vars.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return vars;
    }

    @Test
    void specExampleWithHlcObjects() {
        Path file = write(dir, "n1.jsonl", """
                {"node":"n1","hlc":{"l":1763800000009,"c":0},"key":"g1","type":"BecomeCandidate","set":{"role":"CANDIDATE","term":1}}
                {"node":"n1","hlc":{"l":1763800000009,"c":1},"key":"g1","type":"RequestVote","send":"m1"}
                """);
        IngestSummary summary = ingest(file);

        String name = file.toString();
        assertThat(rows(out())).containsExactly(
                new Row("n1", L, 0, L * 1000, null, "g1", "BecomeCandidate", vars("role", "CANDIDATE", "term", 1L),
                        null, null, null, null, name, 1),
                new Row("n1", L, 1, L * 1000, null, "g1", "RequestVote", null, null, List.of("m1"), null, null,
                        name, 2));
        assertThat(summary.read()).isEqualTo(2);
        assertThat(summary.ingested()).isEqualTo(2);
        assertThat(summary.quarantined()).isZero();
        assertThat(summary.blank()).isZero();
        assertThat(summary.nodes()).isEqualTo(1);
        assertThat(summary.keys()).isEqualTo(1);
        assertThat(summary.variables()).containsExactly(
                Map.entry("role", VariableType.STRING), Map.entry("term", VariableType.LONG));
        assertThat(Fixture.quarantineText(out())).isEmpty();
    }

    @Test
    void packedHlcIsSplit48To16() {
        long packed = (L << 16) | 3;
        Path file = write(dir, "n1.jsonl", "{\"node\":\"n1\",\"hlc\":" + packed + "}\n");
        ingest(file);

        Row row = rows(out()).get(0);
        assertThat(row.l()).isEqualTo(L);
        assertThat(row.c()).isEqualTo(3);
        assertThat(row.time()).isEqualTo(L * 1000);
    }

    @Test
    void hlcUnitMicrosecondsConvertsTsAndTime() throws IOException {
        Instant instant = Instant.parse("2025-11-22T08:26:40.009123456Z");
        long micros = instant.getEpochSecond() * 1_000_000 + 9123;
        Path file = write(dir, "in.jsonl", """
                {"node":"n1","hlc":{"l":%d,"c":2},"ts":"2025-11-22T08:26:40.009123Z"}
                {"node":"n2","ts":"2025-11-22T08:26:40.009123456Z"}
                """.formatted(micros));
        IngestSummary summary = ingest(file, HlcUnit.US);

        // rows come in causal order: n2's (micros, 0) before n1's (micros, 2)
        List<Row> rows = rows(out()).stream().sorted(Comparator.comparingLong(Row::line)).toList();
        assertThat(rows.get(0).l()).isEqualTo(micros);
        assertThat(rows.get(0).c()).isEqualTo(2);
        assertThat(rows.get(0).time()).isEqualTo(micros);
        assertThat(rows.get(0).ts()).isEqualTo(micros);
        assertThat(rows.get(1).l()).isEqualTo(micros);
        assertThat(rows.get(1).c()).isZero();
        assertThat(summary.hlcUnit()).isEqualTo(HlcUnit.US);
        assertThat(keyValueMetadata(Fixture.parts(out()).get(0)))
                .containsEntry(EventsSchema.HLC_UNIT_KEY, "us")
                .containsEntry(EventsSchema.VERSION_KEY, "1");
    }

    @Test
    void hlcUnitNanosecondsKeepsTsNanoseconds() {
        Instant instant = Instant.parse("2025-11-22T08:26:40.123456789Z");
        long nanos = instant.getEpochSecond() * 1_000_000_000L + 123_456_789;
        Path file = write(dir, "in.jsonl", """
                {"node":"n1","ts":"2025-11-22T08:26:40.123456789Z"}
                {"node":"n2","hlc":{"l":%d,"c":7}}
                """.formatted(nanos + 1));
        ingest(file, HlcUnit.NS);

        List<Row> rows = rows(out());
        assertThat(rows.get(0).l()).isEqualTo(nanos);
        assertThat(rows.get(0).time()).isEqualTo(nanos / 1000);
        assertThat(rows.get(0).ts()).isEqualTo(nanos / 1000);
        assertThat(rows.get(1).l()).isEqualTo(nanos + 1);
        assertThat(rows.get(1).c()).isEqualTo(7);
        assertThat(rows.get(1).time()).isEqualTo(nanos / 1000);
    }

    @Test
    void tsAsRfc3339StringOrEpochMilliseconds() {
        Path file = write(dir, "in.jsonl", """
                {"node":"n1","ts":1763800000012}
                {"node":"n2","ts":1763800000012.5}
                {"node":"n3","ts":"2025-11-22T10:26:40.5+02:00"}
                {"node":"n4","ts":"2025-11-22t08:26:40z"}
                {"node":"n5","ts":"2025-11-22 08:26:40.25-00:30"}
                """);
        IngestSummary summary = ingest(file);

        long halfPast = Instant.parse("2025-11-22T08:26:40.500Z").toEpochMilli();
        long plain = Instant.parse("2025-11-22T08:26:40Z").toEpochMilli();
        long offset = Instant.parse("2025-11-22T08:56:40.250Z").toEpochMilli();
        // rows come in causal order, here by time: sort them back into line order
        List<Row> rows = rows(out()).stream().sorted(Comparator.comparingLong(Row::line)).toList();
        assertThat(rows).extracting(Row::l)
                .containsExactly(1763800000012L, 1763800000012L, halfPast, plain, offset);
        assertThat(rows).extracting(Row::c).containsOnly(0);
        assertThat(rows).extracting(Row::ts)
                .containsExactly(1763800000012000L, 1763800000012500L, halfPast * 1000, plain * 1000, offset * 1000);
        assertThat(summary.reconstructed()).isEqualTo(5);
    }

    @Test
    void sendAndRecvAsStringOrList() {
        Path file = write(dir, "in.jsonl", """
                {"node":"n1","hlc":1,"send":"m1","recv":["m0"]}
                {"node":"n1","hlc":2,"send":["m2","m3"],"recv":"m4"}
                {"node":"n1","hlc":3,"send":[],"recv":null}
                """);
        ingest(file);

        List<Row> rows = rows(out());
        assertThat(rows.get(0).send()).containsExactly("m1");
        assertThat(rows.get(0).recv()).containsExactly("m0");
        assertThat(rows.get(1).send()).containsExactly("m2", "m3");
        assertThat(rows.get(1).recv()).containsExactly("m4");
        assertThat(rows.get(2).send()).isEmpty();
        assertThat(rows.get(2).recv()).isNull();
    }

    @Test
    void setWithEveryValueTypeAndNullUnsets() {
        Path file = write(dir, "in.jsonl", """
                {"node":"n1","hlc":1,"set":{"s":"x","i":42,"d":2.5,"b":true,"gone":null}}
                {"node":"n1","hlc":2,"set":{"b":false,"i":-7,"s":null}}
                {"node":"n1","hlc":3}
                """);
        IngestSummary summary = ingest(file);

        List<Row> rows = rows(out());
        assertThat(rows.get(0).vars()).isEqualTo(vars("b", true, "d", 2.5, "i", 42L, "s", "x"));
        assertThat(rows.get(0).unset()).containsExactly("gone");
        assertThat(rows.get(1).vars()).isEqualTo(vars("b", false, "i", -7L));
        assertThat(rows.get(1).unset()).containsExactly("s");
        assertThat(rows.get(2).vars()).isNull();
        assertThat(rows.get(2).unset()).isNull();
        assertThat(summary.variables()).containsExactly(
                Map.entry("b", VariableType.BOOLEAN), Map.entry("d", VariableType.DOUBLE),
                Map.entry("gone", VariableType.STRING), Map.entry("i", VariableType.LONG),
                Map.entry("s", VariableType.STRING));
    }

    @Test
    void unknownFieldsAreKeptInExtra() {
        Path file = write(dir, "in.jsonl", """
                {"pid":1234,"node":"n1","ctx":{"a":[1,"x",null,{"b":true}]},"hlc":1,"msg":"h\\u00e9\\"llo"}
                {"node":"n1","hlc":2}
                """);
        ingest(file);

        List<Row> rows = rows(out());
        assertThat(rows.get(0).extra()).isEqualTo("{\"pid\":1234,\"ctx\":{\"a\":[1,\"x\",null,{\"b\":true}]},\"msg\":\"hé\\\"llo\"}");
        assertThat(rows.get(1).extra()).isNull();
    }

    @Test
    void missingKeyIsTheGlobalKeyAndMissingTypeIsNull() {
        Path file = write(dir, "in.jsonl", """
                {"node":"n1","hlc":1}
                {"node":"n1","hlc":2,"key":null,"type":null}
                {"node":"n1","hlc":3,"key":"g1","type":"T"}
                """);
        IngestSummary summary = ingest(file);

        List<Row> rows = rows(out());
        assertThat(rows).extracting(Row::key).containsExactly("", "", "g1");
        assertThat(rows).extracting(Row::type).containsExactly(null, null, "T");
        assertThat(summary.keys()).isEqualTo(2);
    }

    @Test
    void longAndDoubleWidenToDoubleOtherMixesToStringWithAWarning() {
        Path file = write(dir, "in.jsonl", """
                {"node":"n1","hlc":1,"set":{"v":1,"w":1}}
                {"node":"n1","hlc":2,"set":{"v":2.5,"w":"one"}}
                {"node":"n1","hlc":3,"set":{"w":true}}
                {"node":"n1","hlc":4,"set":{"w":2.50,"v":3}}
                """);
        IngestSummary summary = ingest(file);

        List<Row> rows = rows(out());
        assertThat(rows).extracting(row -> row.vars().get("v")).containsExactly(1.0, 2.5, null, 3.0);
        assertThat(rows).extracting(row -> row.vars().get("w")).containsExactly("1", "one", "true", "2.50");
        assertThat(summary.variables()).containsExactly(
                Map.entry("v", VariableType.DOUBLE), Map.entry("w", VariableType.STRING));
        assertThat(summary.warnings()).containsExactly("variable 'w' has values of different types: long (first at "
                + file + ":1) and string (first at " + file + ":2); it is stored as string, values as their JSON text");
    }

    @Test
    void hlcIsReconstructedFromTsAcrossMessages() {
        Path n1 = write(dir, "logs/n1.jsonl", """
                {"node":"n1","ts":100,"send":"m1"}
                {"node":"n1","ts":100}
                """);
        write(dir, "logs/n2.jsonl", """
                {"node":"n2","ts":90,"recv":"m1"}
                {"node":"n2","hlc":{"l":300,"c":0}}
                {"node":"n2","ts":200}
                {"node":"n2","ts":400,"recv":"never-sent"}
                """);
        Path n2 = n1.resolveSibling("n2.jsonl");
        IngestSummary summary = ingest(n1.getParent());

        // n2's receive waits for n1's send (100.0) and takes 100.1; n1's second event follows its first: 100.1 too,
        // concurrent with the receive. Rows are sorted by (key, HLC, node).
        assertThat(rows(out())).extracting(row -> row.node() + "@" + row.l() + "." + row.c())
                .containsExactly("n1@100.0", "n1@100.1", "n2@100.1", "n2@300.0", "n2@300.1", "n2@400.0");
        assertThat(summary.reconstructed()).isEqualTo(5);
        assertThat(summary.missingSends()).isEqualTo(1);
        assertThat(summary.warnings()).containsExactly(n2 + ":4: receive of message 'never-sent', which no event in"
                + " the input sends; ordered as a local event");
        assertThat(summary.files()).isEqualTo(2);
    }

    @Test
    void directoriesAreReadRecursivelyInPathOrderSkippingHiddenFilesAndGzipIsDecompressed() {
        Fixture.writeBytes(dir, "in/a/n2.jsonl.gz", Fixture.gzip("{\"node\":\"n2\",\"hlc\":5}\n"));
        write(dir, "in/b.jsonl", "{\"node\":\"n1\",\"hlc\":6}\n");
        write(dir, "in/.hidden.jsonl", "not json\n");
        write(dir, "in/.git/x.jsonl", "not json\n");
        Path single = write(dir, "single.jsonl", "{\"node\":\"n3\",\"hlc\":7}\n");
        IngestSummary summary = Ingest.run(IngestOptions.of(List.of(single, dir.resolve("in")), out()),
                IngestProgress.NONE);

        // rows come in causal order (here by HLC); the read order shows in the metadata's file list
        assertThat(rows(out())).extracting(Row::file).containsExactly(
                dir.resolve("in/a/n2.jsonl.gz").toString(), dir.resolve("in/b.jsonl").toString(), single.toString());
        assertThat(summary.files()).isEqualTo(3);
        assertThat(summary.nodes()).isEqualTo(3);
        assertThat(summary.quarantined()).isZero();
    }

    @Test
    void utf8ByteOrderMarkAtTheStartOfAFileIsIgnored() {
        Path file = Fixture.writeBytes(dir, "in.jsonl",
                ("\uFEFF{\"node\":\"n1\",\"hlc\":1}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        IngestSummary summary = ingest(file);

        assertThat(summary.ingested()).isEqualTo(1);
        assertThat(rows(out())).extracting(Row::node).containsExactly("n1");
    }

    @Test
    void variablesDifferingOnlyInCaseAreWarnedAbout() {
        Path file = write(dir, "in.jsonl", """
                {"node":"n1","hlc":1,"set":{"role":"a"}}
                {"node":"n1","hlc":2,"set":{"Role":"b"}}
                """);
        IngestSummary summary = ingest(file);

        assertThat(summary.warnings()).containsExactly("variables 'role' (first at " + file + ":1) and 'Role' (first at "
                + file + ":2) differ only in case; Spark SQL resolves names case-insensitively, so invariants cannot"
                + " tell them apart");
    }

    @Test
    void crlfLineEndings() {
        Path file = write(dir, "in.jsonl", "{\"node\":\"n1\",\"hlc\":1,\"type\":\"a\"}\r\n\r\n{\"node\":\"n1\",\"hlc\":2}\r\n");
        IngestSummary summary = ingest(file);

        assertThat(rows(out())).extracting(Row::line).containsExactly(1L, 3L);
        assertThat(rows(out())).extracting(Row::type).containsExactly("a", null);
        assertThat(summary.blank()).isEqualTo(1);
        assertThat(summary.read()).isEqualTo(3);
    }

    @Test
    void parquetFilesFollowTheEventsSchema() throws IOException {
        Path file = write(dir, "in.jsonl", "{\"node\":\"n1\",\"hlc\":1,\"set\":{\"b\":1.5,\"a\":\"x\"}}\n");
        ingest(file);

        List<Path> parts = Fixture.parts(out());
        assertThat(parts).extracting(path -> path.getFileName().toString()).containsExactly("part-00000.parquet");
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(parts.get(0)))) {
            ParquetMetadata footer = reader.getFooter();
            assertThat(footer.getFileMetaData().getSchema()).isEqualTo(MessageTypeParser.parseMessageType("""
                    message event {
                      required binary node (STRING);
                      required int64 hlc_l;
                      required int32 hlc_c;
                      required int64 time (TIMESTAMP(MICROS,true));
                      optional int64 ts (TIMESTAMP(MICROS,true));
                      required binary key (STRING);
                      optional binary type (STRING);
                      optional group vars {
                        optional binary a (STRING);
                        optional double b;
                      }
                      optional group unset (LIST) {
                        repeated group list {
                          required binary element (STRING);
                        }
                      }
                      optional group send (LIST) {
                        repeated group list {
                          required binary element (STRING);
                        }
                      }
                      optional group recv (LIST) {
                        repeated group list {
                          required binary element (STRING);
                        }
                      }
                      optional binary extra (STRING);
                      required binary file (STRING);
                      required int64 line;
                    }
                    """));
            assertThat(footer.getBlocks().get(0).getColumns())
                    .allSatisfy(column -> assertThat(column.getCodec()).isEqualTo(CompressionCodecName.SNAPPY));
            assertThat(footer.getFileMetaData().getKeyValueMetaData())
                    .containsEntry(EventsSchema.HLC_UNIT_KEY, "ms")
                    .containsEntry(EventsSchema.VERSION_KEY, "1");
        }
        assertThat(Fixture.entries(out())).containsExactly("_deltas", "_quarantine.jsonl", "_retrocut.json", "part-00000.parquet");
    }

    @Test
    void withoutVariablesTheVarsGroupIsAbsentAndAnEmptyInputStillHasASchema() throws IOException {
        Path file = write(dir, "in.jsonl", "\n");
        IngestSummary summary = ingest(file);

        assertThat(summary.ingested()).isZero();
        assertThat(summary.blank()).isEqualTo(1);
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(Fixture.parts(out()).get(0)))) {
            assertThat(reader.getFooter().getFileMetaData().getSchema().containsField(EventsSchema.VARS)).isFalse();
            assertThat(reader.getRecordCount()).isZero();
        }
    }

    @Test
    void newPartFileEveryRowsPerPartRows() {
        StringBuilder input = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            input.append("{\"node\":\"n1\",\"hlc\":").append(i).append("}\n");
        }
        Path file = write(dir, "in.jsonl", input.toString());
        IngestSummary summary = Ingest.run(IngestOptions.of(List.of(file), out()), IngestProgress.NONE, 2);

        assertThat(Fixture.parts(out())).extracting(path -> path.getFileName().toString())
                .containsExactly("part-00000.parquet", "part-00001.parquet", "part-00002.parquet");
        assertThat(Fixture.parts(out())).extracting(part -> Fixture.groups(part).size()).containsExactly(2, 2, 1);
        assertThat(rows(out())).extracting(Row::line).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(summary.parts()).isEqualTo(3);
    }

    @Test
    void datasetMetadataAndSummaryJson() throws IOException {
        Path file = write(dir, "in.jsonl", """
                {"node":"n2","hlc":1,"key":"k","set":{"x":1}}

                {"node":"n1","ts":5,"set":{"x":"a"}}
                oops
                """);
        IngestSummary summary = ingest(file);

        String warning = "variable 'x' has values of different types: long (first at " + file
                + ":1) and string (first at " + file + ":3); it is stored as string, values as their JSON text";
        assertThat(Fixture.JSON.readTree(Files.readString(out().resolve(EventsSchema.METADATA_FILE))))
                .isEqualTo(Fixture.JSON.readTree("""
                        {"format": "retrocut events", "version": 1, "hlc_unit": "ms", "input_format": "canonical",
                         "events": 2, "read": 4, "ingested": 2, "quarantined": 1, "ignored": 0, "blank": 1,
                         "reconstructed": 1, "missing_sends": 0, "keys": 2, "nodes": ["n1", "n2"],
                         "variables": {"x": "string"}, "parts": ["part-00000.parquet"], "layout": "hlc-sliced",
                         "slices": [{"part": "part-00000.parquet", "events": 2, "deltas": "_deltas/part-00000.json",
                                     "first": {"l": 0, "c": 1}, "last": {"l": 5, "c": 0}}],
                         "inputs": [%s],
                         "files": [%s], "warnings": [%s]}
                        """.formatted(quote(file.toString()), quote(file.toString()), quote(warning))));
        assertThat(summary.toJson()).isEqualTo("{\"read\":4,\"ingested\":2,\"quarantined\":1,\"ignored\":0,"
                + "\"blank\":1,\"events\":2,\"files\":1,\"nodes\":2,\"keys\":2,\"variables\":{\"x\":\"string\"},\"warnings\":[" + quote(warning) + "],"
                + "\"output\":" + quote(out().toString()) + ",\"quarantine\":"
                + quote(out().resolve("_quarantine.jsonl").toString())
                + ",\"hlc_unit\":\"ms\",\"reconstructed\":1,\"parts\":1,\"missing_sends\":0}");
    }

    @Test
    void progressReportsPhasesAndEveryByte() throws IOException {
        Path file = write(dir, "in.jsonl", "{\"node\":\"n1\",\"hlc\":1}\n");
        List<String> reports = new ArrayList<>();
        Ingest.run(IngestOptions.of(List.of(file), out()), new IngestProgress() {
            @Override
            public void bytesRead(long done, long total) {
                reports.add(done + "/" + total);
            }

            @Override
            public void phase(String name) {
                reports.add(name);
            }
        });

        long size = Files.size(file);
        assertThat(reports).containsExactly("reading input", size + "/" + size, "writing parquet");
    }

    private static String quote(String text) {
        try {
            return Fixture.JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> keyValueMetadata(Path part) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(part))) {
            return reader.getFooter().getFileMetaData().getKeyValueMetaData();
        }
    }
}
