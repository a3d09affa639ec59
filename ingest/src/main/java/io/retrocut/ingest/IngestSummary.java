package io.retrocut.ingest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.retrocut.events.HlcUnit;
import io.retrocut.events.VariableType;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an ingest did. Every input line is counted exactly once:
 * {@code read == ingested + quarantined + ignored + blank}.
 *
 * @param read input lines read (including a final record for a truncated gzip file)
 * @param ingested lines of the records that became events (with the canonical format, one line per event)
 * @param quarantined lines written to the quarantine file (a multi-line record counts all its lines)
 * @param ignored lines of records that no rule of the format matches (always 0 for the canonical format)
 * @param blank whitespace-only lines
 * @param events events written to the Parquet dataset
 * @param files input files read
 * @param nodes distinct nodes among the ingested events
 * @param keys distinct keys among the ingested events
 * @param variables state variables and their column types, by name
 * @param warnings things the user should know that did not stop the ingest (e.g. a variable stored as string)
 * @param output the events directory
 * @param quarantine the quarantine file inside it (always present, possibly empty)
 * @param hlcUnit the unit of {@code hlc_l}
 * @param reconstructed events whose HLC was derived from {@code ts}
 * @param parts Parquet part files written
 * @param missingSends receives whose message no ingested event sends; their HLC was derived as for a local event
 */
public record IngestSummary(
        long read,
        long ingested,
        long quarantined,
        long ignored,
        long blank,
        long events,
        int files,
        int nodes,
        int keys,
        Map<String, VariableType> variables,
        List<String> warnings,
        Path output,
        Path quarantine,
        HlcUnit hlcUnit,
        long reconstructed,
        int parts,
        long missingSends) {
    public IngestSummary {
        variables = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(variables, "variables is null")));
        warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
        requireNonNull(output, "output is null");
        requireNonNull(quarantine, "quarantine is null");
        requireNonNull(hlcUnit, "hlcUnit is null");
        if (read != ingested + quarantined + ignored + blank) {
            throw new IllegalStateException("line counts do not add up: read " + read + " != ingested " + ingested
                    + " + quarantined " + quarantined + " + ignored " + ignored + " + blank " + blank);
        }
        if (events > ingested) {
            throw new IllegalStateException(events + " events from " + ingested + " lines");
        }
    }

    /**
     * One JSON object with the stable field names {@code read, ingested, quarantined, ignored, blank, events, files,
     * nodes, keys,
     * variables {name: "long"|"double"|"boolean"|"string"}, warnings [...], output, quarantine, hlc_unit,
     * reconstructed, parts, missing_sends}.
     */
    public String toJson() {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("read", read);
            json.writeNumberField("ingested", ingested);
            json.writeNumberField("quarantined", quarantined);
            json.writeNumberField("ignored", ignored);
            json.writeNumberField("blank", blank);
            json.writeNumberField("events", events);
            json.writeNumberField("files", files);
            json.writeNumberField("nodes", nodes);
            json.writeNumberField("keys", keys);
            json.writeObjectFieldStart("variables");
            for (Map.Entry<String, VariableType> variable : variables.entrySet()) {
                json.writeStringField(variable.getKey(), variable.getValue().label());
            }
            json.writeEndObject();
            json.writeArrayFieldStart("warnings");
            for (String warning : warnings) {
                json.writeString(warning);
            }
            json.writeEndArray();
            json.writeStringField("output", output.toString());
            json.writeStringField("quarantine", quarantine.toString());
            json.writeStringField("hlc_unit", hlcUnit.label());
            json.writeNumberField("reconstructed", reconstructed);
            json.writeNumberField("parts", parts);
            json.writeNumberField("missing_sends", missingSends);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
