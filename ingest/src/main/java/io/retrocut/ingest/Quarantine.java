package io.retrocut.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code _quarantine.jsonl}: one {@code {"file", "line", "reason", "raw"}} object per bad line, or per bad
 * multi-line record with {@code "lines"} (how many lines, from {@code line} on) and the lines joined by {@code \n}.
 */
final class Quarantine implements AutoCloseable {
    private final JsonGenerator json;
    private long count;

    Quarantine(Path path) throws IOException {
        BufferedWriter writer = new BufferedWriter(
                new OutputStreamWriter(Files.newOutputStream(path), StandardCharsets.UTF_8), 1 << 16);
        this.json = new JsonFactory().createGenerator(writer);
        this.json.setRootValueSeparator(null);
    }

    void add(String file, long line, String reason, String raw) throws IOException {
        add(file, line, 1, reason, raw);
    }

    /** A record of {@code lines} lines starting at {@code line}; {@code "lines"} is written only when above 1. */
    void add(String file, long line, int lines, String reason, String raw) throws IOException {
        json.writeStartObject();
        json.writeStringField("file", file);
        json.writeNumberField("line", line);
        if (lines > 1) {
            json.writeNumberField("lines", lines);
        }
        json.writeStringField("reason", reason);
        json.writeStringField("raw", raw);
        json.writeEndObject();
        json.writeRaw('\n');
        count++;
    }

    long count() {
        return count;
    }

    @Override
    public void close() throws IOException {
        json.close();
    }
}
