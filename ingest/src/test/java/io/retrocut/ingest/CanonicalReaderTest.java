package io.retrocut.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.retrocut.events.HlcUnit;
import io.retrocut.events.UserException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanonicalReaderTest {
    private static final Supplier<CanonicalReader.LineParser> JSON = () -> new EventParser(HlcUnit.MS)::parse;

    @TempDir
    Path dir;

    /** Every kind of line, in three files (one gzip, one truncated gzip), in small batches over three parsers. */
    @Test
    void outcomesArriveInInputOrderWithAnyNumberOfParsersAndBatchSize() throws IOException {
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        a.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        a.write(("{\"node\":\"n1\",\"hlc\":1}\n\n  \r\n{oops\n{\"node\":\"n1\",\"hlc\":2,\"send\":[\"m1\",\"m2\"]}\r\n"
                + "{\"node\":\"n1\",\"ts\":5,\"msg\":\"" + "y".repeat(40) + "\"}\n").getBytes(StandardCharsets.UTF_8));
        a.write(new byte[] {'{', '"', (byte) 0xC3, '"', '}', '\n'});
        a.write("{\"node\":\"n1\",\"hlc\":3}".getBytes(StandardCharsets.UTF_8)); // no newline at the end
        Path fileA = Fixture.writeBytes(dir, "a.jsonl", a.toByteArray());
        Path fileB = Fixture.writeBytes(dir, "b.jsonl.gz",
                Fixture.gzip("{\"node\":\"n2\",\"hlc\":1,\"key\":\"k\"}\n[1]\n{\"node\":\"n2\",\"hlc\":2}\n"));
        byte[] gzip = Fixture.gzip("{\"node\":\"n3\",\"hlc\":1}\n");
        Path fileC = Fixture.writeBytes(dir, "c.jsonl.gz", Arrays.copyOf(gzip, gzip.length - 4));
        List<Path> files = List.of(fileA, fileB, fileC);

        List<String> expected = List.of(
                "0:1 EVENT n1 0.1 [] ",
                "0:2 BLANK",
                "0:3 BLANK",
                "0:4 BAD malformed JSON at column 2: Unexpected character ('o' (code 111)): was expecting"
                        + " double-quote to start field name | {oops",
                "0:5 EVENT n1 0.2 [m1, m2] ",
                "0:6 EVENT n1 0.0 [] {\"msg\":\"" + "y".repeat(40) + "\"}",
                "0:7 BAD invalid UTF-8 at byte offset 2 | {\"\uFFFD\"}",
                "0:8 EVENT n1 0.3 [] ",
                "0:END",
                "1:1 EVENT n2 0.1 [] ",
                "1:2 BAD expected a JSON object, got array | [1]",
                "1:3 EVENT n2 0.2 [] ",
                "1:END",
                "2:1 EVENT n3 0.1 [] ",
                "2:2 BAD truncated gzip: compressed data ends unexpectedly | ",
                "2:END");
        assertThat(read(files, 1, JSON, 1024, 1 << 16)).containsExactlyElementsOf(expected);
        assertThat(read(files, 3, JSON, 2, 64)).containsExactlyElementsOf(expected);
        assertThat(read(files, 2, JSON, 3, 16)).containsExactlyElementsOf(expected);
        assertThat(read(files, 0, JSON, 2, 64)).containsExactlyElementsOf(expected);
    }

    @Test
    void manyLinesOverTwoParsersKeepTheirOrder() {
        Random random = new Random(7);
        StringBuilder text = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int line = 1; line <= 20_000; line++) {
            String row;
            if (random.nextInt(10) == 0) {
                row = "{\"node\":\"n1\",\"hlc\":" + line + ",oops}";
                expected.add("0:" + line + " BAD malformed JSON at column " + (row.indexOf("oops") + 1)
                        + ": Unexpected character ('o' (code 111)): was expecting double-quote to start field name | "
                        + row);
            } else {
                String msg = "{\"msg\":\"" + "p".repeat(random.nextInt(300)) + "\"}";
                row = "{\"node\":\"n" + line % 5 + "\",\"hlc\":" + line + "," + msg.substring(1);
                expected.add("0:" + line + " EVENT n" + line % 5 + " 0." + line + " [] " + msg);
            }
            text.append(row).append('\n');
        }
        expected.add("0:END");
        Path file = Fixture.write(dir, "many.jsonl", text.toString());

        assertThat(read(List.of(file), 2, JSON, 64, 4096)).containsExactlyElementsOf(expected);
        assertThat(read(List.of(file), 1, JSON, 64, 4096)).containsExactlyElementsOf(expected);
        assertThat(read(List.of(file), 0, JSON, 64, 4096)).containsExactlyElementsOf(expected);
    }

    /** With no parsing thread the consumer parses every batch itself, on its own thread, as it takes them. */
    @Test
    void withoutParsingThreadsTheConsumerParses() {
        StringBuilder text = new StringBuilder();
        for (int line = 1; line <= 100; line++) {
            text.append("{\"node\":\"n1\",\"hlc\":").append(line).append("}\n");
        }
        Path file = Fixture.write(dir, "a.jsonl", text.toString());
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Supplier<CanonicalReader.LineParser> recording = () -> {
            EventParser parser = new EventParser(HlcUnit.MS);
            return (bytes, offset, length, event) -> {
                threads.add(Thread.currentThread().getName());
                parser.parse(bytes, offset, length, event);
            };
        };

        List<String> outcomes = read(List.of(file), 0, recording, 8, 1024);

        assertThat(outcomes).hasSize(101).endsWith("0:END");
        assertThat(threads).containsExactly(Thread.currentThread().getName());
    }

    /** A bug in a parsing thread ends the input at the line it failed on, with its own exception. */
    @Test
    void aFailureInAParsingThreadArrivesInPlaceOfItsLine() {
        StringBuilder text = new StringBuilder();
        for (int line = 1; line <= 40; line++) {
            text.append("{\"node\":\"n1\",\"hlc\":").append(line).append(line == 23 ? ",\"boom\":1" : "").append("}\n");
        }
        Path file = Fixture.write(dir, "a.jsonl", text.toString());
        Supplier<CanonicalReader.LineParser> failing = () -> {
            EventParser parser = new EventParser(HlcUnit.MS);
            return (bytes, offset, length, event) -> {
                if (new String(bytes, offset, length, StandardCharsets.UTF_8).contains("boom")) {
                    throw new IllegalStateException("parser bug at hlc 23");
                }
                parser.parse(bytes, offset, length, event);
            };
        };

        List<String> outcomes = read(List.of(file), 2, failing, 4, 1024);

        assertThat(outcomes).hasSize(23);
        assertThat(outcomes.get(21)).isEqualTo("0:22 EVENT n1 0.22 [] ");
        assertThat(outcomes.get(22)).isEqualTo("0: FAILURE IllegalStateException: parser bug at hlc 23");
    }

    @Test
    void aParserThatCannotBeMadeFailsAtTheFirstLine() {
        Path file = Fixture.write(dir, "a.jsonl", "{\"node\":\"n1\",\"hlc\":1}\n");
        Supplier<CanonicalReader.LineParser> broken = () -> {
            throw new IllegalStateException("no parser today");
        };

        assertThat(read(List.of(file), 1, broken, 4, 1024))
                .containsExactly("0: FAILURE IllegalStateException: no parser today");
    }

    @Test
    void aMissingFileFailsAfterTheFilesBefore() {
        Path file = Fixture.write(dir, "a.jsonl", "{\"node\":\"n1\",\"hlc\":1}\n");
        Path missing = dir.resolve("missing.jsonl");

        List<String> outcomes = read(List.of(file, missing), 2, JSON, 4, 1024);

        assertThat(outcomes).hasSize(3);
        assertThat(outcomes.subList(0, 2)).containsExactly("0:1 EVENT n1 0.1 [] ", "0:END");
        assertThat(outcomes.get(2)).startsWith("1: FAILURE " + UserException.class.getSimpleName() + ": cannot read "
                + missing);
    }

    /** Line splitting does not depend on where the reads of the stream end: any chunking gives the same lines. */
    @Test
    void lineReaderGivesTheSameLinesForAnyReadSizes() throws IOException {
        Random random = new Random(11);
        StringBuilder text = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            String line = "x".repeat(random.nextInt(40)) + (random.nextInt(5) == 0 ? "\r" : "");
            text.append(line).append('\n');
            String kept = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            expected.add((kept.length() > 30 ? "TOO_LONG " : "LINE ") + kept.length() + " "
                    + kept.substring(0, Math.min(kept.length(), 31)));
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        for (int maxRead : new int[] {1, 3, 8, 17, 1 << 16}) {
            LineReader reader = new LineReader(new TrickleStream(bytes, maxRead, new Random(maxRead)), false, 30);
            List<String> lines = new ArrayList<>();
            while (reader.next()) {
                lines.add(reader.kind() + " " + reader.fullLength() + " "
                        + new String(reader.bytes(), reader.offset(), reader.length(), StandardCharsets.UTF_8));
            }
            assertThat(lines).as("reads of at most %s bytes", maxRead).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void utf8ValidationReportsOffsetsFromTheStartOfTheLine() {
        byte[] bytes = ("0123456789abcdef" + "0123456789").getBytes(StandardCharsets.UTF_8);
        byte[] line = Arrays.copyOf(bytes, bytes.length + 2);
        line[bytes.length] = (byte) 0xE2;
        line[bytes.length + 1] = (byte) 0x82; // a three-byte sequence cut short
        assertThat(Utf8.firstInvalid(line, 0, line.length)).isEqualTo(26);
        assertThat(Utf8.firstInvalid(line, 5, line.length - 5)).isEqualTo(21);
        assertThat(Utf8.firstInvalid(line, 5, line.length - 7)).isEqualTo(-1);
        byte[] euro = "aaaaaaaaaaa\u20ac".getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.firstInvalid(euro, 0, euro.length)).isEqualTo(-1);
        byte[] overlong = {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', (byte) 0xC0, (byte) 0x80};
        assertThat(Utf8.firstInvalid(overlong, 1, overlong.length - 1)).isEqualTo(8);
    }

    /** Reads the files to their end (or a failure) and describes every outcome. */
    private static List<String> read(List<Path> files, int parsers, Supplier<CanonicalReader.LineParser> parser,
            int batchLines, int batchBytes) {
        List<String> outcomes = new ArrayList<>();
        try (CanonicalReader reader = new CanonicalReader(files, 1 << 20, parsers, parser, batchLines, batchBytes)) {
            while (true) {
                CanonicalReader.Batch batch = reader.next();
                for (int i = 0; i < batch.count; i++) {
                    CanonicalReader.Outcome outcome = batch.outcomes[i];
                    String where = batch.fileId + ":";
                    switch (outcome.kind) {
                        case EVENT -> {
                            EventRecord event = outcome.event;
                            event.idsAsStrings();
                            outcomes.add(where + outcome.line + " EVENT " + event.node + " " + event.hlcL + "."
                                    + event.hlcC + " " + event.send + " " + (event.hasExtra() ? event.extraText() : ""));
                        }
                        case BLANK -> outcomes.add(where + outcome.line + " BLANK");
                        case BAD -> outcomes.add(where + outcome.line + " BAD " + outcome.reason + " | "
                                + batch.raw(outcome));
                        case END_OF_FILE -> {
                            outcomes.add(where + "END");
                            if (batch.fileId == files.size() - 1) {
                                return outcomes;
                            }
                        }
                        case FAILURE -> {
                            // a failure has no line of its own: its place in the list tells where it happened
                            outcomes.add(where + " FAILURE " + outcome.failure.getClass().getSimpleName() + ": "
                                    + outcome.failure.getMessage());
                            return outcomes;
                        }
                        case LINE -> throw new AssertionError("an unparsed line reached the consumer");
                    }
                }
                reader.release(batch);
            }
        }
    }

    /** Hands out at most {@code maxRead} bytes per read, a random number of them. */
    private static final class TrickleStream extends InputStream {
        private final byte[] bytes;
        private final int maxRead;
        private final Random random;
        private int position;

        TrickleStream(byte[] bytes, int maxRead, Random random) {
            this.bytes = bytes;
            this.maxRead = maxRead;
            this.random = random;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position == bytes.length) {
                return -1;
            }
            int count = Math.min(Math.min(length, bytes.length - position), 1 + random.nextInt(maxRead));
            System.arraycopy(bytes, position, buffer, offset, count);
            position += count;
            return count;
        }
    }
}
