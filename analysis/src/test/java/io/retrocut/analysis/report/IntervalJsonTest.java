package io.retrocut.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retrocut.analysis.sweep.ViolationInterval;
import io.retrocut.analysis.sweep.Witness;
import io.retrocut.events.Hlc;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's intervals, written from their stored records by {@link IntervalJson}, against the same document made
 * by Jackson's generator from the decoded intervals (how {@link CheckReports} wrote them before): byte for byte,
 * with strings that need every kind of escape, non-ASCII text, doubles Jackson quotes, and with and without
 * {@code --max-skew}.
 */
class IntervalJsonTest {
    private static final String[] STRINGS = {"", "n1", "LEADER", "quote \" and backslash \\ and slash /", "tab\tnew\nline\rcr",
        "\b\f\u0000\u0001\u001f\u007f", "g\u00e9n\u00e9ral \u65e5\u672c \ud83d\ude00", "raft-10"};
    private static final double[] DOUBLES = {0.0, -0.0, 1.5, -2.25e-7, 1.0e300, 123456789.125, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE};

    @TempDir
    Path temp;

    @Test
    void writesStoredIntervalsExactlyAsJacksonWroteTheDecodedOnes() throws IOException {
        Random random = new Random(11);
        List<List<ViolationInterval>> added = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        String[] keys = {"raft-1", "", "k\"\\\u0002", "cl\u00e9"};
        long[] next = new long[3 * keys.length];
        for (int n = 0; n < 400; n++) {
            int invariant = random.nextInt(2); // the third invariant has no intervals
            int key = random.nextInt(keys.length);
            long start = next[invariant * keys.length + key] += 1 + random.nextInt(4);
            added.get(invariant).add(interval(keys[key], start, random));
        }
        for (long memory : new long[] {1 << 20, 0}) {
            try (IntervalStore store = new IntervalStore(3, memory, temp)) {
                for (int invariant = 0; invariant < 3; invariant++) {
                    for (ViolationInterval interval : added.get(invariant)) {
                        store.add(invariant, interval);
                    }
                }
                List<InvariantResult> invariants = new ArrayList<>();
                for (int invariant = 0; invariant < 3; invariant++) {
                    invariants.add(new InvariantResult("inv-" + invariant + " \"q\"", null, 1000, 50, 2, store.intervals(invariant)));
                }
                for (Long maxSkewMs : new Long[] {null, 3L}) {
                    CheckResult result = new CheckResult(5000, keys.length, 1000, invariants, maxSkewMs);
                    String written = CheckReports.json(result);
                    assertThat(written).as("memory %s, max skew %s", memory, maxSkewMs).isEqualTo(jackson(result));
                    // and the same from intervals held in memory (encoded one by one to be written)
                    List<InvariantResult> held = new ArrayList<>();
                    for (InvariantResult invariant : invariants) {
                        held.add(new InvariantResult(invariant.name(), null, 1000, 50, 2, new ArrayList<>(invariant.intervals())));
                    }
                    assertThat(CheckReports.json(new CheckResult(5000, keys.length, 1000, held, maxSkewMs))).isEqualTo(written);
                }
                assertThat(store.spilled()).isEqualTo(memory == 0);
            }
        }
    }

    @Test
    void writesAValidDocumentWithTheIntervalsInOrder() throws IOException {
        ViolationInterval interval = interval("raft-1", 5, new Random(1));
        CheckResult result = new CheckResult(10, 1, 9, List.of(new InvariantResult("a", null, 9, 1, 0, List.of(interval)),
                new InvariantResult("b", null, 9, 0, 0, List.of())));
        var document = new ObjectMapper().readTree(CheckReports.json(result));
        assertThat(document.get("invariants").get(0).get("intervals")).hasSize(1);
        assertThat(document.get("invariants").get(0).get("intervals").get(0).get("key").asText()).isEqualTo("raft-1");
        assertThat(document.get("invariants").get(1).get("intervals")).isEmpty();
    }

    private static ViolationInterval interval(String key, long start, Random random) {
        List<Witness.Node> nodes = new ArrayList<>();
        int nodeCount = random.nextInt(4);
        for (int n = 0; n < nodeCount; n++) {
            int count = random.nextInt(5);
            String[] names = new String[count];
            Object[] values = new Object[count];
            for (int v = 0; v < count; v++) {
                names[v] = "v" + v + (v == 2 ? STRINGS[random.nextInt(STRINGS.length)] : "");
                values[v] = switch (random.nextInt(4)) {
                    case 0 -> random.nextBoolean() ? Long.MIN_VALUE : random.nextLong() % 100_000;
                    case 1 -> DOUBLES[random.nextInt(DOUBLES.length)];
                    case 2 -> random.nextBoolean();
                    default -> STRINGS[random.nextInt(STRINGS.length)];
                };
            }
            nodes.add(Witness.Node.of(STRINGS[random.nextInt(STRINGS.length)] + n, names, values));
        }
        List<Witness.Event> events = new ArrayList<>();
        for (int e = random.nextInt(3); e > 0; e--) {
            events.add(new Witness.Event("n" + e, new Hlc(start * 10, e), random.nextBoolean() ? null : STRINGS[random.nextInt(STRINGS.length)],
                    "logs/n" + e + "\u00e9.jsonl", random.nextInt(1_000_000),
                    random.nextBoolean() ? null : "{\"peer\":\"n2\",\"note\":\"x\\u0001\u00e9\",\"n\":[1,2.5]}"));
        }
        boolean open = random.nextInt(5) == 0;
        long duration = random.nextInt(6);
        return new ViolationInterval(key, new Hlc(start * 10, (int) (start % 3)), open ? null : new Hlc(start * 10 + 5, 0), duration,
                1 + random.nextInt(9), new Witness(nodes, events));
    }

    /** The document as CheckReports wrote it with Jackson's generator before IntervalJson. */
    private static String jackson(CheckResult result) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
            json.writeStartObject();
            json.writeNumberField("events", result.events());
            json.writeNumberField("keys", result.keys());
            json.writeNumberField("cuts", result.cuts());
            json.writeArrayFieldStart("invariants");
            for (InvariantResult invariant : result.invariants()) {
                json.writeStartObject();
                json.writeStringField("name", invariant.name());
                json.writeNumberField("cuts_checked", invariant.cutsChecked());
                json.writeNumberField("violating_cuts", invariant.violatingCuts());
                json.writeNumberField("indeterminate_cuts", invariant.indeterminateCuts());
                json.writeArrayFieldStart("intervals");
                for (ViolationInterval interval : invariant.intervals()) {
                    writeInterval(json, interval, result.certainty(interval));
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return text.toString();
    }

    private static void writeInterval(JsonGenerator json, ViolationInterval interval, String certainty) throws IOException {
        json.writeStartObject();
        json.writeStringField("key", interval.key());
        json.writeFieldName("start");
        CheckReports.writeHlc(json, interval.start());
        json.writeFieldName("end");
        if (interval.end() == null) {
            json.writeNull();
        } else {
            CheckReports.writeHlc(json, interval.end());
        }
        json.writeNumberField("duration_ms", interval.durationMs());
        json.writeNumberField("cuts", interval.cuts());
        if (certainty != null) {
            json.writeStringField("certainty", certainty);
        }
        json.writeFieldName("witness");
        json.writeStartObject();
        json.writeArrayFieldStart("nodes");
        for (Witness.Node node : interval.witness().nodes()) {
            json.writeStartObject();
            json.writeStringField("node", node.node());
            for (Map.Entry<String, Object> value : node.values().entrySet()) {
                json.writeFieldName(value.getKey());
                CheckReports.writeValue(json, value.getValue());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("events");
        for (Witness.Event event : interval.witness().events()) {
            json.writeStartObject();
            json.writeStringField("node", event.node());
            json.writeFieldName("hlc");
            CheckReports.writeHlc(json, event.hlc());
            json.writeStringField("type", event.type());
            json.writeStringField("file", event.file());
            json.writeNumberField("line", event.line());
            if (event.extra() != null) {
                json.writeFieldName("extra");
                json.writeRawValue(event.extra());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeEndObject();
    }
}
