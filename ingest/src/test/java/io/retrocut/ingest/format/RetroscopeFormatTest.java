package io.retrocut.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Retroscope's delta lines, every value form, written as Retroscope writes them. */
class RetroscopeFormatTest {
    private final FormatReader reader = Formats.resolve("retroscope").open("logs/node-3.log");

    private FakeSink parse(String line) throws BadRecordException {
        FakeSink sink = new FakeSink();
        assertThat(reader.parse(new LogRecord(line, 1, 1, null), sink)).isEqualTo(FormatReader.Outcome.EVENT);
        return sink;
    }

    private static Map<String, Object> vars(Object... namesAndValues) {
        Map<String, Object> vars = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            vars.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return vars;
    }

    @Test
    void fullLineWithEveryValueForm() throws BadRecordException {
        long packed = (1763800000009L << 16) | 3;
        FakeSink sink = parse("<accounts," + packed + ",3>:x:5,y:\"a, \\\"quoted\\\" b\",z:-2.5,gone:null,"
                + "s:...{2,1},t:{\"b\",\"a\"},st:[f:1,g:\"h\",in:[deep:7]]");

        assertThat(sink.node).isEqualTo("3");
        assertThat(sink.key).isEqualTo("accounts");
        assertThat(sink.hlcL).isEqualTo(1763800000009L);
        assertThat(sink.hlcC).isEqualTo(3);
        assertThat(sink.set).isEqualTo(vars("x", 5L, "y", "a, \"quoted\" b", "z", -2.5, "gone", FakeSink.UNSET,
                "s", "[1,2]", "t", "[\"a\",\"b\"]", "st.f", 1L, "st.g", "h", "st.in.deep", 7L));
    }

    @Test
    void setsKeepTheirFullContentAcrossLinesAndShortLinesReuseLogAndNode() throws BadRecordException {
        parse("<log1,65536,3>:s:...{1,2}");
        FakeSink both = parse("<log1,131072,3>:s:...{5},s:--{1}");
        assertThat(both.set).isEqualTo(vars("s", "[2,5]"));
        FakeSink other = parse("<log2,196608,4>:s:...{9}");
        assertThat(other.set).as("another log and node has its own set").isEqualTo(vars("s", "[9]"));
        FakeSink shortLine = parse("<262145>:s:--{9},n:1");
        assertThat(shortLine.key).isEqualTo("log2");
        assertThat(shortLine.node).isEqualTo("4");
        assertThat(shortLine.hlcL).isEqualTo(4);
        assertThat(shortLine.hlcC).isEqualTo(1);
        assertThat(shortLine.set).isEqualTo(vars("s", "[]", "n", 1L));
        assertThat(parse("<log1,327680,3>:s:--{2}").set).isEqualTo(vars("s", "[5]"));
    }

    @Test
    void aBadLineLeavesTheSetsAlone() throws BadRecordException {
        parse("<log1,65536,3>:s:...{1}");
        assertThatThrownBy(() -> parse("<log1,131072,3>:s:...{2},x:abc"))
                .hasMessage("at column 28: expected a value for 'x': a number, \"text\", null, {set}, ...{added},"
                        + " --{removed} or [struct]");
        assertThat(parse("<log1,196608,3>:s:...{3}").set).isEqualTo(vars("s", "[1,3]"));
    }

    @Test
    void malformedLinesSayWhereAndWhat() {
        assertThatThrownBy(() -> parse("<1>:x:1")).hasMessage(
                "a short line '<HLC>:...' needs a full line '<LOG,HLC,NODE>:...' before it in the same file");
        assertThatThrownBy(() -> parse("x:1")).hasMessage(
                "at column 1: expected '<': a delta line starts with '<LOG,HLC,NODE>:' or '<HLC>:'");
        assertThatThrownBy(() -> parse("<log,12,n3>:x:1")).hasMessage(
                "at column 9: the node id 'n3' is not a non-negative integer");
        assertThatThrownBy(() -> parse("<log,12,3>:x:\"open")).hasMessage(
                "at column 14: the string is not closed with '\"'");
        assertThatThrownBy(() -> parse("<log,12,3>:s:...{1,null}")).hasMessage(
                "at column 20: a set member cannot be null");
        assertThatThrownBy(() -> parse("<log,12,3>:node:1")).hasMessage(
                "at column 12: variable 'node' is reserved (every cut already has a 'node' field)");
        assertThatThrownBy(() -> parse("<log,12,3>:x:1;y:2")).hasMessage(
                "at column 15: expected ',' or the end of the line");
    }
}
