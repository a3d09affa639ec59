package io.retrocut.analysis.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retrocut.events.Hlc;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepEventTest {
    private static final Object[] VALUES = {"LEADER", 3L};

    /** A reader's details by index, recording which indexes were asked for. */
    private static final class Recorded implements SweepEvent.DetailSource {
        final List<Long> asked = new ArrayList<>();

        @Override
        public SweepEvent.Details details(long index) {
            asked.add(index);
            return new SweepEvent.Details("BecomeLeader", "n1.jsonl", index + 1, "{\"msg\":\"x\"}");
        }
    }

    @Test
    void detailsAreFetchedOnceWhenFirstAskedFor() {
        Recorded reader = new Recorded();
        SweepEvent event = SweepEvent.ofTypedColumns("n1", new Hlc(5, 0), VALUES, reader, 41);
        assertThat(event.node()).isEqualTo("n1");
        assertThat(event.assignment(1)).isEqualTo(3L);
        assertThat(reader.asked).isEmpty();
        assertThat(event.source()).isEqualTo("n1.jsonl:42");
        assertThat(event.type()).isEqualTo("BecomeLeader");
        assertThat(event.extra()).isEqualTo("{\"msg\":\"x\"}");
        assertThat(reader.asked).containsExactly(41L);
        assertThat(event).isEqualTo(new SweepEvent("n1", new Hlc(5, 0), "BecomeLeader", VALUES, "n1.jsonl", 42, "{\"msg\":\"x\"}"));
    }

    @Test
    void aSerializedEventCarriesItsDetailsWithoutTheReader() throws Exception {
        SweepEvent event = SweepEvent.ofTypedColumns("n1", new Hlc(5, 0), VALUES, new Recorded(), 6);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(event);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            SweepEvent copy = (SweepEvent) in.readObject();
            assertThat(copy.source()).isEqualTo("n1.jsonl:7");
            assertThat(copy).isEqualTo(event);
        }
    }

    @Test
    void aClosedReaderSaysSoWhenDetailsAreAskedFor() {
        SweepEvent event = SweepEvent.ofTypedColumns("n1", new Hlc(5, 0), VALUES, index -> {
            throw new IllegalStateException("part-00001.parquet is closed");
        }, 0);
        assertThatThrownBy(event::type).isInstanceOf(IllegalStateException.class).hasMessage("part-00001.parquet is closed");
    }
}
