package io.retrocut.analysis.report;

import com.fasterxml.jackson.core.JsonGenerator;
import io.retrocut.analysis.sweep.ViolationInterval;
import io.retrocut.analysis.sweep.Witness;
import io.retrocut.events.Hlc;
import io.retrocut.events.HlcUnit;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Instant;
import java.util.StringJoiner;

/** Renders a {@link CheckResult}: the {@code --json} document of SPEC §5, and the human-readable summary. */
public final class CheckReports {
    private CheckReports() {
    }

    /** The SPEC §5 document, with exactly its field names; deterministic for a given result. */
    public static String json(CheckResult result) {
        StringWriter text = new StringWriter();
        writeJson(result, text);
        return text.toString();
    }

    /**
     * Streams {@link #json} to {@code out}, leaving it open: the document of a check with many violations is large.
     *
     * @throws java.io.UncheckedIOException when {@code out} fails
     */
    public static void writeJson(CheckResult result, Writer out) {
        JsonText.write(out, document(result, new IntervalJson(out)));
    }

    /** {@link #writeJson(CheckResult, Writer)} as UTF-8 bytes, which the report is made in. */
    public static void writeJson(CheckResult result, OutputStream out) {
        JsonText.write(out, document(result, new IntervalJson(out)));
    }

    private static JsonText.Body document(CheckResult result, IntervalJson intervals) {
        return json -> {
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
                // the elements go straight to out, in the generator's array (which therefore closes with no comma)
                json.flush();
                IntervalStore.writeJson(invariant.intervals(), intervals, result.maxSkewMs());
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        };
    }

    static void writeHlc(JsonGenerator json, Hlc hlc) throws IOException {
        json.writeStartObject();
        json.writeNumberField("l", hlc.l());
        json.writeNumberField("c", hlc.c());
        json.writeEndObject();
    }

    static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Long number) {
            json.writeNumber(number);
        } else if (value instanceof Double number) {
            json.writeNumber(number);
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else {
            json.writeString(value.toString());
        }
    }

    /** The summary a person reads: per invariant its verdict, counts and each interval with its witness. */
    public static String text(CheckResult result, HlcUnit unit) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("checked %d invariant(s) on %,d cuts of %,d key(s) (%,d events)%n",
                result.invariants().size(), result.cuts(), result.keys(), result.events()));
        for (InvariantResult invariant : result.invariants()) {
            out.append(System.lineSeparator());
            int intervals = invariant.intervals().size();
            out.append(String.format("%s: %s — %,d cuts checked, %,d violating, %,d indeterminate%n",
                    invariant.name(), intervals == 0 ? "ok" : "VIOLATED in " + intervals + " interval(s)",
                    invariant.cutsChecked(), invariant.violatingCuts(), invariant.indeterminateCuts()));
            if (invariant.description() != null) {
                out.append("  ").append(invariant.description()).append(System.lineSeparator());
            }
            for (ViolationInterval interval : invariant.intervals()) {
                String certainty = result.certainty(interval);
                out.append(String.format("  key %s: %s → %s, %,d ms, %,d cut(s)%s%n",
                        interval.key().isEmpty() ? "\"\" (global)" : "'" + interval.key() + "'",
                        when(interval.start(), unit),
                        interval.end() == null ? "still violated at the last cut" : when(interval.end(), unit),
                        interval.durationMs(), interval.cuts(),
                        certainty == null ? "" : certainty.equals("possible")
                                ? " — POSSIBLE: shorter than --max-skew " + result.maxSkewMs() + " ms, may be a clock-skew artifact"
                                : " — definite"));
                out.append("    state at the start: ").append(nodes(interval.witness())).append(System.lineSeparator());
                for (Witness.Event event : interval.witness().events()) {
                    out.append(String.format("    caused by: %s %s at %s (%s:%d)%n", event.node(),
                            event.type() == null ? "event" : event.type(), event.hlc(), event.file(), event.line()));
                }
            }
        }
        return out.toString();
    }

    /** An HLC as a person reads it: {@code 2025-11-22T08:26:40.009Z (1763800000009.0)}. */
    public static String when(Hlc hlc, HlcUnit unit) {
        long micros = unit.toMicros(hlc.l());
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        return instant + " (" + hlc + ")";
    }

    private static String nodes(Witness witness) {
        StringJoiner nodes = new StringJoiner(", ");
        for (Witness.Node node : witness.nodes()) {
            StringJoiner values = new StringJoiner(", ", "{", "}");
            node.values().forEach((variable, value) -> values.add(variable + "=" + value));
            nodes.add(node.node() + " " + values);
        }
        return nodes.toString();
    }
}
