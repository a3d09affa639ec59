package io.retrocut.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.retrocut.events.HlcUnit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast path of {@link EventParser} against its Jackson path: on every line the fast path accepts, both must
 * produce the same {@link EventRecord}; on every line, {@link EventParser#parse} must give the same event or the same
 * rejection as Jackson alone. Lines are generated (seeded) from fragments full of edge cases, then shuffled in
 * whitespace and field order, and partly corrupted.
 */
class FastEventParserTest {
    private static final String[] NODES = {"\"n1\"", "\"n2\"", "\"n\u00e9\"", "\"n\\\"x\"", "\"\\u006e1\"",
            "\"n\uD83D\uDE00\"", "\"\\ud83d\\ude00\"", "\"\\ud800\"", "\"\"", "null", "5", "\"a\\/b\\\\c\"",
            "\"tab\\there\"", "\"\\uD834\\uDD1E\"", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\""};
    private static final String[] HLCS = {"{\"l\":1763800000009,\"c\":0}", "{\"c\":3,\"l\":1763800000009}",
            "{ \"l\" : 1763800000010 , \"c\" : 2147483647 }", "{\"l\":1763800000009,\"c\":2147483648}",
            "{\"l\":1763800000009,\"c\":-1}", "{\"l\":-0,\"c\":-0}", "{\"l\":-5,\"c\":0}",
            "{\"l\":9223372036854775,\"c\":1}", "{\"l\":9223372036854776,\"c\":1}",
            "{\"l\":92233720368547758070,\"c\":1}", "{\"l\":1.5,\"c\":1}", "{\"l\":1,\"c\":1e0}",
            "{\"l\":1763800000009}", "{\"c\":0}", "{}", "{\"l\":1,\"c\":0,\"x\":1}", "{\"l\":1,\"l\":2,\"c\":0}",
            "115593741033472000", "115593741033472001", "-1", "0", "-0", "12345678901234567890", "1.0", "null",
            "\"1763800000009.0\"", "[1,2]", "{\"l\":\"1\",\"c\":0}", "{\"l\":1,\"c\":0,}", "{\"l\":01,\"c\":0}"};
    private static final String[] TSS = {"1763800000002", "-1", "0", "-0", "1763800000002.5", "1763800000002.123456789",
            "-0.5", "1.7638e12", "1.7638E+12", "17638e-8", "1e400", "1e-400", "253402300799999", "253402300800000",
            "-62167219200000", "-62167219200001", "123456789012345678901", "1.", ".5", "-", "01", "1.5e",
            "\"2025-11-22T08:26:40.012Z\"", "\"2025-11-22 10:26:40+02:00\"", "\"2025-11-22t08:26:40z\"",
            "\"2025-02-30T08:26:40Z\"", "\"yesterday\"", "\"2025-11-22T08:26:40.0123456789Z\"",
            "\"2025\\u002d11-22T08:26:40Z\"", "null", "true", "[]", "{}", "1e9999999999"};
    private static final String[] STRINGS = {"\"g1\"", "\"raft-1\"", "\"\"", "null", "7", "\"caf\u00e9\"",
            "\"\\\"quoted\\\"\"", "\"line\\nbreak\"", "\"\\u0000\"", "\"\u007f\"", "\"\u2028\"", "true", "[\"a\"]"};
    private static final String[] VALUES = {"\"CANDIDATE\"", "\"LEADER\"", "\"\"", "1", "0", "-0", "-17",
            "123456789012345678", "1234567890123456789", "-9223372036854775808", "9223372036854775807",
            "99999999999999999999", "1.0", "1.50e+3", "-0.0", "1E-7", "1e400", "0.30000000000000004", "2.5E10",
            "true", "false", "null", "\"esc\\u00e9\\t\"", "\"\\ud800\"", "{\"a\":1}", "[1]", "tru", "nul", "1x",
            "01", "+1", ".5", "1.", "\"caf\u00e9\""};
    private static final String[] NAMES = {"role", "term", "commit", "voted_for", "leader", "caf\u00e9", "", "node",
            "Node", "NODE", "no\\u0064e", "a b", "x\\ty"};
    private static final String[] IDS = {"\"m1\"", "[\"m1\",\"m2\"]", "[]", "[ ]", "null", "[\"m\\u0031\"]", "7",
            "[\"m1\",7]", "[\"m1\",]", "[\"m1\" , \"m3\" ]", "{}", "\"\"", "[null]", "[[\"m1\"]]",
            "[\"m2\",\"m\u00e9\"]"};
    private static final String[] EXTRAS = {"\"raft node started\"", "\"with \\\"quotes\\\" and \\\\ slash\"",
            "\"ctl \\u0001 \\b\\f\\n\\r\\t \\/ end\"", "\"\\u00e9\\u20AC \\ud83d\\ude00\"", "\"lone \\udc00\"",
            "\"raw \u00e9\u20ac\uD83D\uDE00\"", "42", "-0", "-42", "1234567890123456789", "1.50e+3", "0.1", "-0.0",
            "1e400", "1E2", "true", "false", "null", "{}", "[]", "{\"a\":1,\"b\":[1,2,{\"c\":null}]}",
            "[ 1 , { \"b\" : \"x\" } , true ]", "{\"a\":1,\"a\":2}", "{\"a\":{\"a\":{\"a\":{\"a\":[[[[]]]]}}}}",
            "{\"k\\u0065y\":1}", "{\"caf\u00e9\":\"\u00e9\"}", "[1,]", "{\"a\":}", "\"unterminated", "nulL",
            "[\"\\ud800\"]", "{\"a\":1}}", "123456789012345678"};
    private static final String[] EXTRA_NAMES = {"msg", "level", "caf\u00e9", "m\\u0073g", "node2", "hlc.l", "x"};
    private static final String NOISE = "{}[]\",:0-.eE \\u";
    private static final String[] SPACES = {"", "", "", " ", "  ", "\t", " \r ", "\r"};

    private final EventParser parser = new EventParser(HlcUnit.MS);
    private final FastEventParser fast = new FastEventParser(Long.MAX_VALUE / 1_000);

    @Test
    void fastPathAgreesWithJacksonOnGeneratedLines() {
        Random random = new Random(20261124);
        int accepted = 0;
        int lines = 100_000;
        for (int i = 0; i < lines; i++) {
            String line = randomLine(random);
            if (random.nextInt(10) == 0) {
                line = corrupt(line, random);
            }
            if (check(line)) {
                accepted++;
            }
        }
        // most generated lines are valid and plain enough for the fast path; a test that never takes it checks nothing
        assertThat(accepted).isGreaterThan(lines / 10);
    }

    /**
     * Strings are scanned eight bytes at a time: a quote, a backslash, a control character or a non-ASCII character at
     * every position of strings of every length up to three words, in every kind of string the parser reads.
     */
    @Test
    void fastPathAgreesWithJacksonWhereverASpecialCharacterIsInAString() {
        List<String> specials = List.of("\\\"", "\\\\", "\\n", "\\u0041", "\u0001", "\u001f", "\u00e9", "\u20ac",
                "\"", "\\", " ", "\u007f");
        int accepted = 0;
        for (int length = 0; length <= 24; length++) {
            for (int at = 0; at <= length; at++) {
                for (String special : specials) {
                    String text = "s".repeat(at) + special + "t".repeat(length - at);
                    for (String line : List.of(
                            "{\"node\":\"" + text + "\",\"hlc\":1}",
                            "{\"node\":\"n1\",\"hlc\":1,\"key\":\"" + text + "\",\"set\":{\"" + text + "\":\"" + text
                                    + "\"}}",
                            "{\"node\":\"n1\",\"hlc\":1,\"send\":[\"" + text + "\",\"m2\"],\"recv\":\"" + text + "\"}",
                            "{\"node\":\"n1\",\"hlc\":1,\"msg\":\"" + text + "\"}")) {
                        if (check(line)) {
                            accepted++;
                        }
                    }
                }
            }
        }
        assertThat(accepted).isGreaterThan(1000);
    }

    @Test
    void fastPathTakesTheCanonicalShapes() {
        for (String line : List.of(
                "{\"node\":\"n1\",\"hlc\":{\"l\":1763800000009,\"c\":0},\"key\":\"g1\",\"type\":\"BecomeCandidate\","
                        + "\"set\":{\"role\":\"CANDIDATE\",\"term\":1}}",
                "{\"node\":\"n1\",\"hlc\":{\"l\":1763800000009,\"c\":1},\"key\":\"g1\",\"type\":\"RequestVote\","
                        + "\"send\":\"m1\"}",
                "{\"node\":\"n2\",\"hlc\":{\"l\":1763800000155,\"c\":0},\"ts\":1763800000155,\"key\":\"raft-769\","
                        + "\"type\":\"BecomeCandidate\",\"set\":{\"role\":\"CANDIDATE\",\"term\":1,\"voted_for\":\"n2\","
                        + "\"leader\":null},\"send\":[\"m17\",\"m18\",\"m19\",\"m20\"],\"msg\":\"became candidate\"}",
                "{\"node\":\"n1\",\"hlc\":115593741033472001,\"recv\":[\"m1\"]}",
                "{\"node\":\"n1\",\"ts\":\"2025-11-22T08:26:40.012Z\",\"set\":{\"x\":1.5,\"ok\":true}}",
                " { \"node\" : \"n\\u00e9\" , \"ts\" : 1763800000002.5 , \"level\" : {\"a\":[1,2.5e3,null]} } \r")) {
            assertThat(check(line)).as(line).isTrue();
        }
    }

    @Test
    void fastPathLeavesTheUnusualToJackson() {
        for (String line : List.of(
                "{\"no\\u0064e\":\"n1\",\"hlc\":1}",
                "{\"node\":\"n1\",\"hlc\":1,\"hlc\":2}",
                "{\"node\":\"n1\",\"hlc\":1,\"x\":1,\"x\":2}",
                "{\"node\":\"n1\",\"hlc\":1,\"set\":{\"a\":1,\"a\":2}}",
                "{\"node\":\"n1\",\"hlc\":1,\"set\":{\"a\":12345678901234567890}}",
                "{\"node\":\"n1\",\"hlc\":1,\"x\":\"\\ud800\"}",
                "{\"node\":\"n1\",\"hlc\":1}x",
                "\uFEFF{\"node\":\"n1\",\"hlc\":1}",
                "{\"node\":\"n1\"}",
                "[]")) {
            EventRecord event = new EventRecord();
            assertThat(fast.parse(bytes(line), bytes(line).length, event)).as(line).isFalse();
            check(line);
        }
    }

    /** Checks one line; true when the fast path accepted it. */
    private boolean check(String line) {
        byte[] bytes = bytes(line);
        assertThat(Utf8.firstInvalid(bytes, bytes.length)).as(line).isEqualTo(-1);
        EventRecord jacksonEvent = new EventRecord();
        String jackson;
        try {
            parser.parseWithJackson(bytes, bytes.length, jacksonEvent);
            jackson = describe(jacksonEvent);
        } catch (BadLineException e) {
            jackson = "rejected: " + e.getMessage();
        }
        EventRecord fastEvent = new EventRecord();
        boolean accepted = fast.parse(bytes, bytes.length, fastEvent);
        if (accepted) {
            boolean leftBytes = fastEvent.idBytes != null;
            if (leftBytes) {
                // the ids are only in the line's bytes: no string per id
                assertThat(fastEvent.send).as(line).allMatch(java.util.Objects::isNull);
                assertThat(fastEvent.recv).as(line).allMatch(java.util.Objects::isNull);
                assertThat(messageBytes(fastEvent)).as(line).isEqualTo(expectedMessageBytes(jacksonEvent));
            }
            fastEvent.idsAsStrings();
            assertThat(fastEvent.idBytes).isNull();
            assertThat(describe(fastEvent)).as(line).isEqualTo(jackson);
            boolean ascii = fastEvent.send.stream().allMatch(FastEventParserTest::ascii)
                    && fastEvent.recv.stream().allMatch(FastEventParserTest::ascii);
            if (ascii && !line.contains("\\")) {
                assertThat(leftBytes).as(line).isTrue();
            } else if (!ascii) {
                assertThat(leftBytes).as(line).isFalse();
            }
        }
        EventRecord combinedEvent = new EventRecord();
        String combined;
        try {
            parser.parse(bytes, bytes.length, combinedEvent);
            combinedEvent.idsAsStrings();
            combined = describe(combinedEvent);
        } catch (BadLineException e) {
            combined = "rejected: " + e.getMessage();
        }
        assertThat(combined).as(line).isEqualTo(jackson);
        return accepted;
    }

    /** The ids and partitions the ingest thread takes from the parser's bytes, when it leaves them. */
    private static String messageBytes(EventRecord event) {
        if (event.idBytes == null) {
            return "strings only";
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < event.send.size(); i++) {
            long span = event.sendSpans[i];
            text.append("send ").append(new String(event.idBytes, (int) (span >>> 32), (int) span,
                    StandardCharsets.UTF_8)).append('@').append(event.sendIds[i]).append(' ');
        }
        for (int i = 0; i < event.recv.size(); i++) {
            long span = event.recvSpans[i];
            text.append("recv ").append(new String(event.idBytes, (int) (span >>> 32), (int) span,
                    StandardCharsets.UTF_8)).append('@').append(event.recvIds[i]).append(' ');
        }
        return text.toString();
    }

    /** What {@link #messageBytes(EventRecord)} must be: each id with the partition of its bytes. */
    private static String expectedMessageBytes(EventRecord event) {
        StringBuilder text = new StringBuilder();
        for (String id : event.send) {
            byte[] bytes = bytes(id);
            text.append("send ").append(id).append('@').append(CausalLinks.partition(bytes, 0, bytes.length))
                    .append(' ');
        }
        for (String id : event.recv) {
            byte[] bytes = bytes(id);
            text.append("recv ").append(id).append('@').append(CausalLinks.partition(bytes, 0, bytes.length))
                    .append(' ');
        }
        return text.toString();
    }

    private static boolean ascii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }

    private static byte[] bytes(String line) {
        return line.getBytes(StandardCharsets.UTF_8);
    }

    /** Every field of a parsed event, with each string's UTF-16 units (lone surrogates must match too). */
    private static String describe(EventRecord event) {
        StringBuilder text = new StringBuilder();
        text.append("node=").append(units(event.node))
                .append(" hlc=").append(event.hasHlc).append('/').append(event.hlcL).append('.').append(event.hlcC)
                .append(" ts=").append(event.hasTs).append('/').append(event.tsSecond).append('/').append(event.tsNano)
                .append(" key=").append(units(event.key))
                .append(" type=").append(units(event.type))
                .append(" vars=[");
        for (int i = 0; i < event.varCount; i++) {
            text.append(units(event.varNames[i])).append(':').append(event.varTags[i]).append(':')
                    .append(event.varLongs[i]).append(':').append(units(event.varTexts[i])).append(' ');
        }
        text.append("] send=").append(event.hasSend).append('/').append(ids(event.send))
                .append(" recv=").append(event.hasRecv).append('/').append(ids(event.recv))
                .append(" extra=").append(units(event.extraText()));
        return text.toString();
    }

    private static String ids(List<String> ids) {
        List<String> shown = new ArrayList<>();
        for (String id : ids) {
            shown.add(units(id));
        }
        return shown.toString();
    }

    private static String units(String value) {
        if (value == null) {
            return "<null>";
        }
        StringBuilder text = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                text.append(String.format("\\u%04x", (int) c));
            } else {
                text.append(c);
            }
        }
        return text.append('"').toString();
    }

    private static String randomLine(Random random) {
        List<String> fields = new ArrayList<>();
        fields.add(field(random, "node", random.nextInt(4) == 0 ? pick(random, NODES) : "\"n" + random.nextInt(5)
                + "\""));
        int clock = random.nextInt(4);
        if (clock != 1) {
            fields.add(field(random, "hlc", random.nextInt(3) == 0 ? pick(random, HLCS)
                    : "{\"l\":" + (1763800000000L + random.nextInt(100_000)) + ",\"c\":" + random.nextInt(70) + "}"));
        }
        if (clock != 0) {
            fields.add(field(random, "ts", random.nextInt(3) == 0 ? pick(random, TSS)
                    : Long.toString(1763800000000L + random.nextInt(100_000))));
        }
        if (random.nextInt(4) != 0) {
            fields.add(field(random, "key", random.nextInt(4) == 0 ? pick(random, STRINGS)
                    : "\"raft-" + random.nextInt(1000) + "\""));
        }
        if (random.nextInt(4) != 0) {
            fields.add(field(random, "type", pick(random, STRINGS)));
        }
        if (random.nextInt(3) != 0) {
            fields.add(field(random, "set", set(random)));
        }
        if (random.nextInt(3) == 0) {
            fields.add(field(random, "send", pick(random, IDS)));
        }
        if (random.nextInt(3) == 0) {
            fields.add(field(random, "recv", pick(random, IDS)));
        }
        int extras = random.nextInt(4) == 0 ? random.nextInt(3) + 1 : 0;
        for (int i = 0; i < extras; i++) {
            fields.add(field(random, pick(random, EXTRA_NAMES), pick(random, EXTRAS)));
        }
        if (random.nextInt(30) == 0) {
            fields.add(fields.get(random.nextInt(fields.size()))); // a duplicate field
        }
        if (random.nextInt(3) == 0) {
            java.util.Collections.shuffle(fields, random);
        }
        StringBuilder line = new StringBuilder(pick(random, SPACES)).append('{');
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(pick(random, SPACES)).append(',');
            }
            line.append(pick(random, SPACES)).append(fields.get(i));
        }
        return line.append(pick(random, SPACES)).append('}').append(pick(random, SPACES)).toString();
    }

    private static String field(Random random, String name, String value) {
        return "\"" + name + "\"" + pick(random, SPACES) + ":" + pick(random, SPACES) + value;
    }

    private static String set(Random random) {
        int choice = random.nextInt(20);
        if (choice == 0) {
            return "null";
        }
        if (choice == 1) {
            return "[]";
        }
        if (choice == 2) {
            return "{}";
        }
        StringBuilder set = new StringBuilder("{");
        int count = random.nextInt(5) + 1;
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                set.append(',').append(pick(random, SPACES));
            }
            String name = random.nextInt(5) == 0 ? pick(random, NAMES) : NAMES[random.nextInt(5)];
            String value = random.nextInt(3) == 0 ? pick(random, VALUES) : Integer.toString(random.nextInt(100));
            set.append('"').append(name).append("\":").append(pick(random, SPACES)).append(value);
        }
        return set.append('}').toString();
    }

    /** Truncates, drops or inserts a character (UTF-16 surrogate pairs are kept whole, so the line stays UTF-8). */
    private static String corrupt(String line, Random random) {
        int at = random.nextInt(line.length());
        if (Character.isLowSurrogate(line.charAt(at))) {
            at--;
        }
        int next = at + Character.charCount(line.codePointAt(at));
        return switch (random.nextInt(3)) {
            case 0 -> line.substring(0, at);
            case 1 -> line.substring(0, at) + line.substring(next);
            default -> line.substring(0, at) + NOISE.charAt(random.nextInt(NOISE.length())) + line.substring(at);
        };
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
