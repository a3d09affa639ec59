package io.retrocut.analysis.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/** Writes one compact JSON document to a string: the shared plumbing of the reports' {@code --json} output. */
final class JsonText {
    private static final JsonFactory FACTORY = new JsonFactory();

    @FunctionalInterface
    interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private JsonText() {
    }

    static String of(Body body) {
        StringWriter text = new StringWriter();
        write(text, body);
        return text.toString();
    }

    /**
     * Streams the document to {@code out} (left open, flushed): a report with many intervals need not fit in memory
     * as one string.
     *
     * @throws UncheckedIOException when {@code out} fails
     */
    static void write(Writer out, Body body) {
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            write(json, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #write(Writer, Body)} as UTF-8 bytes. */
    static void write(OutputStream out, Body body) {
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            write(json, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(JsonGenerator json, Body body) throws IOException {
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        body.write(json);
    }
}
