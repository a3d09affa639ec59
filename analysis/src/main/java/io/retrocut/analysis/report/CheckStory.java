package io.retrocut.analysis.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retrocut.analysis.sweep.ViolationInterval;
import io.retrocut.analysis.sweep.Witness;
import io.retrocut.events.Hlc;
import io.retrocut.events.HlcUnit;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * A short forensic story of a {@link CheckResult} for people: what was checked, and for each violation when it began,
 * which node's event broke the rule (with its log line), what the nodes involved believed at that moment, and how long
 * it lasted. Derived only from the intervals and their witnesses, so it reads the same for any system.
 */
public final class CheckStory {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Beyond this many intervals per invariant the story only counts the rest. */
    static final int TOLD_PER_INVARIANT = 3;

    private CheckStory() {
    }

    public static String text(CheckResult result, HlcUnit unit) {
        StringBuilder out = new StringBuilder();
        List<String> broken = new ArrayList<>();
        List<String> held = new ArrayList<>();
        for (InvariantResult invariant : result.invariants()) {
            (invariant.intervals().isEmpty() ? held : broken).add(invariant.name());
        }
        out.append(String.format("What was checked: %d invariant(s) on every consistent cut of %,d key(s), %,d cuts in all.%n",
                result.invariants().size(), result.keys(), result.cuts()));
        if (broken.isEmpty()) {
            out.append("Nothing broke: every invariant held on every cut.").append(System.lineSeparator());
            return out.toString();
        }
        out.append("What broke: ").append(String.join(", ", broken));
        out.append(held.isEmpty() ? "." : "; " + String.join(", ", held) + " held throughout.").append(System.lineSeparator());
        for (InvariantResult invariant : result.invariants()) {
            List<ViolationInterval> intervals = invariant.intervals();
            for (int i = 0; i < Math.min(TOLD_PER_INVARIANT, intervals.size()); i++) {
                out.append(System.lineSeparator()).append(episode(invariant, intervals.get(i), unit)).append(System.lineSeparator());
            }
            if (intervals.size() > TOLD_PER_INVARIANT) {
                out.append(String.format("%n(%s broke %,d more time(s); see check's full output.)%n", invariant.name(),
                        intervals.size() - TOLD_PER_INVARIANT));
            }
        }
        return out.toString();
    }

    static String episode(InvariantResult invariant, ViolationInterval interval, HlcUnit unit) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%s%s broke%s at %s (HLC %s)", invariant.name(),
                invariant.description() == null ? "" : " (" + invariant.description() + ")",
                interval.key().isEmpty() ? "" : " on '" + interval.key() + "'", clock(interval.start(), unit), interval.start()));
        List<Witness.Event> events = interval.witness().events();
        if (!events.isEmpty()) {
            StringJoiner causes = new StringJoiner("; ", ": ", "");
            for (Witness.Event event : events) {
                String message = message(event.extra());
                causes.add(event.node() + " " + (event.type() == null ? "logged an event" : event.type())
                        + (message == null ? "" : " — \"" + message + "\"") + " (" + fileName(event.file()) + ":" + event.line() + ")");
            }
            out.append(causes);
        }
        out.append('.').append(System.lineSeparator());
        StringJoiner state = new StringJoiner("; ", "  In that cut: ", ".");
        for (Witness.Node node : interval.witness().nodes()) {
            StringJoiner values = new StringJoiner(", ", node.node() + " ", "");
            node.values().forEach((variable, value) -> values.add(variable + "=" + value));
            state.add(values.toString());
        }
        out.append(state).append(System.lineSeparator());
        if (interval.end() == null) {
            out.append(String.format("  It was still broken at the last cut, %,d ms and %,d cut(s) later.", interval.durationMs(), interval.cuts()));
        } else {
            out.append(String.format("  This lasted %,d ms (%,d cut(s)) until %s (HLC %s), the first cut where it held again.",
                    interval.durationMs(), interval.cuts(), clock(interval.end(), unit), interval.end()));
        }
        return out.toString();
    }

    private static String clock(Hlc hlc, HlcUnit unit) {
        long micros = unit.toMicros(hlc.l());
        return CLOCK.format(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L));
    }

    private static String fileName(String file) {
        try {
            Path name = Path.of(file).getFileName();
            return name == null ? file : name.toString();
        } catch (RuntimeException e) {
            return file;
        }
    }

    /** A human message among the event's unknown fields ({@code msg} or {@code message}), if any. */
    private static String message(String extra) {
        if (extra == null) {
            return null;
        }
        try {
            JsonNode fields = JSON.readTree(extra);
            for (String name : new String[] {"msg", "message"}) {
                if (fields.path(name).isTextual()) {
                    return fields.get(name).asText();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
