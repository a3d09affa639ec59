package io.retrocut.simulate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the simulator writes each node's log lines, in the order the node logs them. */
public interface LogSink extends AutoCloseable {
    /** Appends one JSON line (without its newline) to {@code node}'s log. */
    void write(String node, CharSequence line);

    @Override
    void close();

    /** One file {@code <node>.jsonl} per node in {@code directory}, opened when the node first logs. */
    static LogSink files(Path directory) {
        return new LogSink() {
            private final java.util.Map<String, Writer> writers = new java.util.TreeMap<>();

            @Override
            public void write(String node, CharSequence line) {
                try {
                    Writer writer = writers.get(node);
                    if (writer == null) {
                        writer = new BufferedWriter(Files.newBufferedWriter(directory.resolve(node + ".jsonl"), StandardCharsets.UTF_8), 1 << 16);
                        writers.put(node, writer);
                    }
                    writer.append(line).append('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the log of node " + node + " in " + directory + ": " + e.getMessage(), e);
                }
            }

            @Override
            public void close() {
                IOException failure = null;
                for (Writer writer : writers.values()) {
                    try {
                        writer.close();
                    } catch (IOException e) {
                        failure = e;
                    }
                }
                if (failure != null) {
                    throw new UncheckedIOException("cannot finish the logs in " + directory + ": " + failure.getMessage(), failure);
                }
            }
        };
    }

    /** Discards the lines, counting their bytes (for tests of large runs). */
    final class Counting implements LogSink {
        private long lines;
        private long chars;

        @Override
        public void write(String node, CharSequence line) {
            lines++;
            chars += line.length() + 1;
        }

        @Override
        public void close() {
        }

        public long lines() {
            return lines;
        }

        public long chars() {
            return chars;
        }
    }
}
