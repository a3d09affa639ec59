package io.retrocut.analysis.parts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retrocut.analysis.sweep.StateDelta;
import io.retrocut.analysis.sweep.SweepEvent;
import io.retrocut.analysis.sweep.Variables;
import io.retrocut.events.DeltasWriter;
import io.retrocut.events.Hlc;
import io.retrocut.events.UserException;
import io.retrocut.events.VariableType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link DeltasWriter} writes, {@link PartDeltas} reads back as the same deltas; bad files are named errors. */
class PartDeltasTest {
    private static final Variables VARIABLES = new Variables(List.of("commit", "flag", "leader", "ratio"),
            List.of(VariableType.LONG, VariableType.BOOLEAN, VariableType.STRING, VariableType.DOUBLE));

    @TempDir
    Path temp;

    @Test
    void readsBackWhatTheWriterWrote() throws Exception {
        Path file = temp.resolve("part-00001.json");
        try (DeltasWriter writer = new DeltasWriter(Files.newOutputStream(file), "part-00001.parquet")) {
            writer.startKey("raft-1");
            writer.node("n1");
            writer.set("commit", 5L);
            writer.set("ratio", Double.NaN);
            writer.unset("leader");
            writer.node("n2");
            writer.endKey();
            writer.startKey("raft-2");
            writer.node("n3");
            writer.set("flag", true);
            writer.set("leader", "n3 \"quoted\"");
            writer.set("ratio", -0.1);
            writer.endKey();
        }

        Map<String, StateDelta> deltas = PartDeltas.read(new Configuration(), file.toString(), "p1", VARIABLES);

        assertThat(deltas).containsOnlyKeys("raft-1", "raft-2");
        // commit, flag, leader, ratio
        assertThat(deltas.get("raft-1")).isEqualTo(delta(
                event("n1", new Object[] {5L, null, SweepEvent.UNSET, Double.NaN}), event("n2", new Object[4])));
        assertThat(deltas.get("raft-2")).isEqualTo(delta(event("n3", new Object[] {null, true, "n3 \"quoted\"", -0.1})));
    }

    @Test
    void namesTheFileAndLineOfABadValue() throws Exception {
        Path file = temp.resolve("bad.json");
        Files.writeString(file, "{\"part\": \"p\", \"keys\": [\n{\"key\": \"k\", \"nodes\": [{\"node\": \"n1\", \"set\": {\"commit\": 1.5}}]}]}\n");

        assertThatThrownBy(() -> PartDeltas.read(new Configuration(), file.toString(), "_deltas/bad.json of EV", VARIABLES))
                .isInstanceOf(UserException.class)
                .hasMessage("cannot read _deltas/bad.json of EV: variable 'commit' of type long has the value 1.5 at line 2");
    }

    @Test
    void namesAnUnknownVariableAndBrokenJson() throws Exception {
        Path unknown = temp.resolve("unknown.json");
        Files.writeString(unknown, "{\"keys\": [{\"key\": \"k\", \"nodes\": [{\"node\": \"n1\", \"unset\": [\"term\"]}]}]}");
        Path broken = temp.resolve("broken.json");
        Files.writeString(broken, "{\"keys\": [{\"key\": \"k\", \"nodes\": [\n{\"node\": ");

        assertThatThrownBy(() -> PartDeltas.read(new Configuration(), unknown.toString(), "u", VARIABLES))
                .hasMessage("cannot read u: unknown variable 'term' at line 1");
        assertThatThrownBy(() -> PartDeltas.read(new Configuration(), broken.toString(), "b", VARIABLES))
                .isInstanceOf(UserException.class)
                .hasMessageStartingWith("cannot read b: Unexpected end-of-input");
        assertThatThrownBy(() -> PartDeltas.read(new Configuration(), temp.resolve("missing.json").toString(), "m", VARIABLES))
                .isInstanceOf(UserException.class)
                .hasMessageStartingWith("cannot read m: File " + temp.resolve("missing.json") + " does not exist");
    }

    private static SweepEvent event(String node, Object[] assignments) {
        return new SweepEvent(node, new Hlc(1, 0), null, assignments, "f", 1, null);
    }

    private static StateDelta delta(SweepEvent... events) {
        List<SweepEvent> list = List.of(events);
        return StateDelta.of(VARIABLES, list.iterator());
    }
}
