package io.retrocut.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written text scanners: UTF-8 validation, RFC 3339 timestamps, line splitting. */
class TextFormatsTest {
    @Test
    void utf8AcceptsValidTextAndFindsTheFirstInvalidByte() {
        byte[] valid = "aé€𝄞".getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.firstInvalid(valid, valid.length)).isEqualTo(-1);
        assertThat(invalid(0x61, 0xC0, 0x80)).as("overlong NUL").isEqualTo(1);
        assertThat(invalid(0xED, 0xA0, 0x80)).as("surrogate").isZero();
        assertThat(invalid(0xF4, 0x90, 0x80, 0x80)).as("above U+10FFFF").isZero();
        assertThat(invalid(0x61, 0x62, 0xE2, 0x82)).as("sequence cut at the end").isEqualTo(2);
        assertThat(invalid(0x80)).as("lone continuation byte").isZero();
        assertThat(invalid(0xC3, 0x41)).as("missing continuation byte").isZero();
    }

    private static int invalid(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return Utf8.firstInvalid(bytes, bytes.length);
    }

    @Test
    void rfc3339() {
        assertThat(Rfc3339.parse("2025-11-22T08:26:40.012Z")).isEqualTo(instant("2025-11-22T08:26:40.012Z"));
        assertThat(Rfc3339.parse("2025-11-22T08:26:40.123456789123Z"))
                .isEqualTo(instant("2025-11-22T08:26:40.123456789Z"));
        assertThat(Rfc3339.parse("2025-11-22T10:26:40+02:00")).isEqualTo(instant("2025-11-22T08:26:40Z"));
        assertThat(Rfc3339.parse("1969-12-31T23:59:59.5Z")).isEqualTo(new Rfc3339.Instant(-1, 500_000_000));
        for (String bad : List.of("2025-11-22", "2025-11-22T08:26:40", "2025-11-22T08:26:40.Z", "2025-11-22T24:00:00Z",
                "2025-13-01T00:00:00Z", "2025-11-22T08:26:40+0200", "2025-11-22T08:26:40Z ", "2025-11-22X08:26:40Z",
                "+2025-11-22T08:26:40Z")) {
            assertThat(Rfc3339.parse(bad)).as(bad).isNull();
        }
    }

    private static Rfc3339.Instant instant(String text) {
        Instant instant = Instant.parse(text);
        return new Rfc3339.Instant(instant.getEpochSecond(), instant.getNano());
    }

    @Test
    void lineReaderSplitsOnNewlinesDropsCarriageReturnsAndCapsLongLines() throws IOException {
        String text = "a\r\n\nbb\rb\n" + "x".repeat(100_000) + "\r\nlast";
        LineReader reader = new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), false, 10);
        List<String> lines = new ArrayList<>();
        while (reader.next()) {
            lines.add(reader.kind() + ":" + reader.fullLength() + ":"
                    + new String(reader.bytes(), reader.offset(), Math.min(reader.length(), 10), StandardCharsets.UTF_8));
            assertThat(reader.length()).isLessThanOrEqualTo(11);
        }
        assertThat(lines).containsExactly("LINE:1:a", "LINE:0:", "LINE:4:bb\rb", "TOO_LONG:100000:xxxxxxxxxx",
                "LINE:4:last");
    }
}
