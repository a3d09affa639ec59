package io.retrocut.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpilledBytesTest {
    @TempDir
    Path temp;

    @Test
    void recordsReadBackFromMemoryFromTheFileAndAcrossTheBoundary() throws Exception {
        Random random = new Random(7);
        List<byte[]> records = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        // 3 MB in memory (three pages), the rest in the file; sizes from empty to beyond the 256 KB read window
        try (SpilledBytes bytes = new SpilledBytes(3L << 20, temp)) {
            for (int i = 0; i < 400; i++) {
                int length = i % 50 == 0 ? 300_000 + random.nextInt(100_000) : random.nextInt(40_000);
                byte[] record = new byte[length];
                random.nextBytes(record);
                records.add(record);
                offsets.add(bytes.append(record, 0, length));
                if (i % 37 == 0) {
                    // reading while appending: what is pending for the file is written first
                    assertThat(bytes.read(offsets.get(i / 2))).isEqualTo(records.get(i / 2));
                }
            }
            assertThat(bytes.spilled()).isTrue();
            // the file is opened DELETE_ON_CLOSE: on POSIX systems it is unlinked at once, so even a killed run
            // leaves nothing behind
            assertThat(files()).isEmpty();
            for (int i = records.size() - 1; i >= 0; i -= 3) {
                assertThat(bytes.read(offsets.get(i))).as("record %s", i).isEqualTo(records.get(i));
            }
            for (int i = 0; i < records.size(); i++) {
                assertThat(bytes.read(offsets.get(i))).as("record %s", i).isEqualTo(records.get(i));
            }
            assertThatThrownBy(() -> bytes.read(bytes.size())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("no record at " + bytes.size() + " of " + bytes.size() + " bytes");
        }
        assertThat(files()).as("the file is deleted on close").isEmpty();
    }

    @Test
    void smallDataStaysInMemory() {
        try (SpilledBytes bytes = new SpilledBytes(1 << 20, temp)) {
            long first = bytes.append(new byte[] {1, 2, 3}, 0, 3);
            long second = bytes.append(new byte[] {9, 8, 7, 6}, 1, 2);
            assertThat(bytes.read(first)).containsExactly(1, 2, 3);
            assertThat(bytes.read(second)).containsExactly(8, 7);
            assertThat(bytes.spilled()).isFalse();
        }
        assertThat(files()).isEmpty();
    }

    private List<Path> files() {
        try (Stream<Path> files = Files.list(temp)) {
            return files.toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
