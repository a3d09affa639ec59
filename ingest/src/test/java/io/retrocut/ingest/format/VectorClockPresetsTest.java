package io.retrocut.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The vector clocks the ShiViz and GoVector presets read from the real corpus files (not stored in Parquet yet). */
class VectorClockPresetsTest {
    private static List<LogRecord> records(Format format, Path file) throws IOException {
        Framing.Framer framer = format.framing().framer();
        List<LogRecord> records = new ArrayList<>();
        long line = 0;
        for (String text : Files.readAllLines(file)) {
            line++;
            if (!text.isBlank()) {
                framer.line(text, line, records::add);
            }
        }
        framer.end(records::add);
        return records;
    }

    private static FakeSink event(Format format, Path file, long line) throws IOException, BadRecordException {
        LogRecord record = records(format, file).stream().filter(r -> r.line() == line).findFirst().orElseThrow();
        FakeSink sink = new FakeSink();
        assertThat(format.open(file.toString()).parse(record, sink)).isEqualTo(FormatReader.Outcome.EVENT);
        return sink;
    }

    @Test
    void shivizChordEventAndItsClock() throws Exception {
        // chord.log lines 5-6 (GoVector order: the clock line, then the event)
        FakeSink sink = event(Formats.resolve("govector"), Path.of("src/test/resources/corpus/shiviz/chord.log"), 5);
        assertThat(sink.node).isEqualTo("client-testGetEveryNSeconds");
        assertThat(sink.type).isEqualTo("Received Put reply");
        assertThat(sink.vectorClock).isEqualTo(Map.of("client-testGetEveryNSeconds", 3L, "front-end", 23L,
                "kv-node-10", 249L, "kv-node-30", 203L, "kv-node-40", 195L, "kv-node-60", 146L, "kv-node-70", 43L));
        assertThat(sink.epochSecond).as("no wall-clock time").isNull();
    }

    @Test
    void shivizVoldemortEventThenClock() throws Exception {
        Path file = Path.of("src/test/resources/corpus/shiviz/voldemort.log");
        List<LogRecord> records = records(Formats.resolve("shiviz"), file);
        assertThat(records).hasSize(864).allMatch(r -> r.lines() == 2 && r.incomplete() == null);
        FakeSink sink = event(Formats.resolve("shiviz"), file, 3);
        assertThat(sink.node).isEqualTo("42795@jvoldemortThread[main,5,main]");
        assertThat(sink.type).isEqualTo("[2013-05-24 23:28:00,749 voldemort.store.metadata.MetadataStore] INFO"
                + " Updating routing strategy for all stores");
        assertThat(sink.vectorClock).isEqualTo(Map.of("42795@jvoldemortThread[main,5,main]", 2L));
    }

    @Test
    void govectorMinerClock() throws Exception {
        FakeSink sink = event(Formats.resolve("govector"),
                Path.of("src/test/resources/corpus/govector-rfs/GoVectorLogfile-Miner1-Log.txt"), 2925);
        assertThat(sink.node).isEqualTo("Miner1");
        assertThat(sink.vectorClock).isEqualTo(Map.of("Miner1", 1463L, "Miner2", 918L, "Miner3", 839L));
        assertThat(sink.type).isEqualTo("INFO-\nFile #0: [name = test123, 0 records]");
    }
}
