package io.retrocut.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;

/**
 * The process's standard output as the commands write it: UTF-8 whatever the platform's charset (under a C or POSIX
 * locale Java's default would turn every non-ASCII character of a node name or a value into '?'), and open to a
 * command that has bytes to write ({@code check --json} writes hundreds of megabytes of UTF-8 it has already encoded).
 */
final class Utf8Out extends PrintWriter {
    private final OutputStream bytes;

    Utf8Out(OutputStream bytes) {
        super(new OutputStreamWriter(bytes, UTF_8), true);
        this.bytes = bytes;
    }

    /** The stream under this writer, once what the writer holds has reached it. */
    OutputStream bytes() {
        flush();
        return bytes;
    }
}
