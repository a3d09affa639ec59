package io.retrocut.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Utf8Test {
    /** Wherever a bad byte sits in an ASCII line (inside a 32- or 8-byte step or in the tail), it is found there. */
    @Test
    void theFirstInvalidByteIsFoundAtEveryOffset() {
        for (int length = 1; length <= 80; length++) {
            for (int at = 0; at < length; at++) {
                byte[] line = new byte[length + 6];
                Arrays.fill(line, (byte) 'a');
                line[3 + at] = (byte) 0xC0; // never valid in UTF-8
                assertThat(Utf8.firstInvalid(line, 3, length)).as("length %d, at %d", length, at).isEqualTo(at);
                // a valid two-byte character there instead, and the line is valid
                if (at + 1 < length) {
                    line[3 + at] = (byte) 0xC3;
                    line[4 + at] = (byte) 0xA9;
                    assertThat(Utf8.firstInvalid(line, 3, length)).as("é at %d of %d", at, length).isEqualTo(-1);
                }
            }
        }
        byte[] ascii = "x".repeat(100).getBytes(StandardCharsets.US_ASCII);
        assertThat(Utf8.firstInvalid(ascii, ascii.length)).isEqualTo(-1);
    }
}
