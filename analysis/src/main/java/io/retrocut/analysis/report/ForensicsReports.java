package io.retrocut.analysis.report;

import com.fasterxml.jackson.core.JsonGenerator;
import io.retrocut.analysis.sweep.Witness;
import io.retrocut.events.HlcUnit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Renders {@code snapshot} (a node × variable table per key) and {@code replay} (one block per step), as text or JSON. */
public final class ForensicsReports {
    private ForensicsReports() {
    }

    public static String snapshotJson(Snapshot snapshot) {
        return JsonText.of(json -> {
                json.writeStartObject();
                json.writeFieldName("at");
                CheckReports.writeHlc(json, snapshot.at());
                json.writeArrayFieldStart("keys");
                for (Snapshot.KeyState key : snapshot.keys()) {
                    json.writeStartObject();
                    json.writeStringField("key", key.key());
                    json.writeFieldName("cut");
                    CheckReports.writeHlc(json, key.cut());
                    json.writeArrayFieldStart("nodes");
                    for (Witness.Node node : key.nodes()) {
                        writeNode(json, node);
                    }
                    json.writeEndArray();
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
        });
    }

    public static String snapshotText(Snapshot snapshot, HlcUnit unit) {
        StringBuilder out = new StringBuilder();
        if (snapshot.keys().isEmpty()) {
            return "no key has an event at or before " + CheckReports.when(snapshot.at(), unit) + System.lineSeparator();
        }
        for (Snapshot.KeyState key : snapshot.keys()) {
            if (out.length() > 0) {
                out.append(System.lineSeparator());
            }
            out.append(String.format("key %s — cut at %s%n", label(key.key()), CheckReports.when(key.cut(), unit)));
            List<String> header = new ArrayList<>();
            header.add("node");
            List<String> used = snapshot.variables().stream()
                    .filter(variable -> key.nodes().stream().anyMatch(node -> node.values().containsKey(variable)))
                    .toList();
            header.addAll(used);
            List<List<String>> rows = new ArrayList<>();
            for (Witness.Node node : key.nodes()) {
                List<String> row = new ArrayList<>();
                row.add(node.node());
                for (String variable : used) {
                    Object value = node.values().get(variable);
                    row.add(value == null ? "-" : value.toString());
                }
                rows.add(row);
            }
            table(out, header, rows);
        }
        return out.toString();
    }

    public static String replayJson(List<ReplayStep> steps) {
        return JsonText.of(json -> {
                json.writeStartObject();
                json.writeArrayFieldStart("steps");
                for (ReplayStep step : steps) {
                    json.writeStartObject();
                    json.writeStringField("key", step.key());
                    json.writeFieldName("hlc");
                    CheckReports.writeHlc(json, step.hlc());
                    json.writeArrayFieldStart("events");
                    for (Witness.Event event : step.events()) {
                        json.writeStartObject();
                        json.writeStringField("node", event.node());
                        json.writeStringField("type", event.type());
                        json.writeStringField("file", event.file());
                        json.writeNumberField("line", event.line());
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                    json.writeArrayFieldStart("changes");
                    for (ReplayStep.VariableChange change : step.changes()) {
                        json.writeStartObject();
                        json.writeStringField("node", change.node());
                        json.writeStringField("variable", change.variable());
                        json.writeFieldName("old");
                        CheckReports.writeValue(json, change.before());
                        json.writeFieldName("new");
                        CheckReports.writeValue(json, change.after());
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                    json.writeArrayFieldStart("flips");
                    for (ReplayStep.Flip flip : step.flips()) {
                        json.writeStartObject();
                        json.writeStringField("invariant", flip.invariant());
                        json.writeStringField("from", flip.before());
                        json.writeStringField("to", flip.after());
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
        });
    }

    public static String replayText(List<ReplayStep> steps, HlcUnit unit) {
        if (steps.isEmpty()) {
            return "no cut in this window" + System.lineSeparator();
        }
        StringBuilder out = new StringBuilder();
        for (ReplayStep step : steps) {
            out.append(String.format("%s  key %s%n", CheckReports.when(step.hlc(), unit), label(step.key())));
            for (Witness.Event event : step.events()) {
                out.append(String.format("  %s %s (%s:%d)%n", event.node(), event.type() == null ? "event" : event.type(),
                        event.file(), event.line()));
            }
            for (ReplayStep.VariableChange change : step.changes()) {
                if (change.variable() == null) {
                    out.append(String.format("    %s joins the cut%n", change.node()));
                } else {
                    out.append(String.format("    %s.%s: %s → %s%n", change.node(), change.variable(),
                            show(change.before()), show(change.after())));
                }
            }
            for (ReplayStep.Flip flip : step.flips()) {
                out.append(String.format("    ! %s: %s → %s%n", flip.invariant(), flip.before(), flip.after()));
            }
        }
        return out.toString();
    }

    private static void writeNode(JsonGenerator json, Witness.Node node) throws IOException {
        json.writeStartObject();
        json.writeStringField("node", node.node());
        for (Map.Entry<String, Object> value : node.values().entrySet()) {
            json.writeFieldName(value.getKey());
            CheckReports.writeValue(json, value.getValue());
        }
        json.writeEndObject();
    }

    private static String show(Object value) {
        return value == null ? "(unset)" : value instanceof String text ? "'" + text + "'" : value.toString();
    }

    private static String label(String key) {
        return key.isEmpty() ? "\"\" (global)" : "'" + key + "'";
    }

    private static void table(StringBuilder out, List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            StringJoiner line = new StringJoiner("  ", "  ", "");
            for (int i = 0; i < row.size(); i++) {
                line.add(i == row.size() - 1 ? row.get(i) : String.format("%-" + widths[i] + "s", row.get(i)));
            }
            out.append(line).append(System.lineSeparator());
        }
    }
}
