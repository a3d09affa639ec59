package io.retrocut.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.retrocut.ingest.IngestProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void drawsBytesReadOfTotalOnOneLine() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text, true));
        bar.phase("reading input");
        bar.bytesRead(1_288_490_189L, 3_113_851_290L);
        bar.bytesRead(3_113_851_290L, 3_113_851_290L);
        bar.phase("writing parquet");
        assertThat(text.toString()).isEqualTo("reading input ...\n"
                + "\r[============>                 ]  41%  1.2 GiB of 2.9 GiB "
                + "\r[==============================] 100%  2.9 GiB of 2.9 GiB \n"
                + "writing parquet ...\n");
    }

    @Test
    void silentWhenNotATerminalOrQuiet() {
        PrintWriter err = new PrintWriter(new StringWriter());
        assertThat(ProgressBar.forTerminal(err, false, false)).isSameAs(IngestProgress.NONE);
        assertThat(ProgressBar.forTerminal(err, true, true)).isSameAs(IngestProgress.NONE);
        assertThat(ProgressBar.forTerminal(err, false, true)).isInstanceOf(ProgressBar.class);
    }

    @Test
    void sizesInBinaryUnits() {
        assertThat(ProgressBar.bytes(512)).isEqualTo("512 B");
        assertThat(ProgressBar.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(ProgressBar.bytes(5L << 30)).isEqualTo("5.0 GiB");
    }
}
