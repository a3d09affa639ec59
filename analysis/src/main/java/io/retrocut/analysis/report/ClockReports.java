package io.retrocut.analysis.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** Renders a {@link ClockReport} as a table for people or as JSON. */
public final class ClockReports {
    private ClockReports() {
    }

    public static String json(ClockReport report) {
        return JsonText.of(json -> {
                json.writeStartObject();
                json.writeNumberField("messages", report.messages());
                json.writeNumberField("matched", report.matched());
                writeNullable(json, "suggested_max_skew_ms", report.suggestedMaxSkewMs());
                json.writeArrayFieldStart("nodes");
                for (ClockReport.NodeClock node : report.nodes()) {
                    json.writeStartObject();
                    json.writeStringField("node", node.node());
                    json.writeNumberField("events", node.events());
                    json.writeNumberField("received", node.received());
                    writeNullable(json, "observed_skew_ms", node.observedSkewMs());
                    json.writeNumberField("received_before_sent", node.receivedBeforeSent());
                    json.writeNumberField("receives_without_send", node.receivesWithoutSend());
                    writeNullable(json, "hlc_ahead_of_clock_ms", node.hlcAheadOfClockMs());
                    json.writeNumberField("max_logical_counter", node.maxLogicalCounter());
                    json.writeNumberField("hlc_regressions", node.hlcRegressions());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
        });
    }

    public static String text(ClockReport report) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%,d message(s) sent, %,d matched with their receive%n%n", report.messages(), report.matched()));
        String format = "%-12s %8s %9s %11s %14s %13s %13s %12s %12s%n";
        out.append(String.format(format, "node", "events", "received", "skew (ms)", "before sent", "no send", "HLC ahead ms",
                "max counter", "regressions"));
        for (ClockReport.NodeClock node : report.nodes()) {
            out.append(String.format(format, node.node(), node.events(), node.received(), show(node.observedSkewMs()),
                    node.receivedBeforeSent(), node.receivesWithoutSend(), show(node.hlcAheadOfClockMs()),
                    node.maxLogicalCounter(), node.hlcRegressions()));
        }
        out.append(System.lineSeparator());
        out.append("skew: the most a received message's send time was ahead of the receiver's clock (a lower bound on clock skew)")
                .append(System.lineSeparator());
        out.append("before sent: receives whose wall-clock time is earlier than their send's; no send: receives of unrecorded messages")
                .append(System.lineSeparator());
        if (report.suggestedMaxSkewMs() == null) {
            out.append("No message links with wall-clock times: the logs cannot tell the skew.").append(System.lineSeparator());
        } else {
            out.append(String.format("Violations shorter than %d ms may be clock-skew artifacts: check --max-skew %dms marks them possible.%n",
                    report.suggestedMaxSkewMs(), report.suggestedMaxSkewMs()));
        }
        return out.toString();
    }

    private static String show(Long value) {
        return value == null ? "-" : value.toString();
    }

    private static void writeNullable(JsonGenerator json, String field, Long value) throws IOException {
        if (value == null) {
            json.writeNullField(field);
        } else {
            json.writeNumberField(field, value);
        }
    }
}
