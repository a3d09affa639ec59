package io.retrocut.analysis.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

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
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            body.write(json);
        } catch (IOException e) {
            // Writing to a StringWriter does not fail; a failure here is a bug.
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
