package io.retrocut.cli;

import io.retrocut.ingest.IngestProgress;
import java.io.PrintWriter;

/**
 * A one-line progress bar on an interactive terminal ({@code [=====>    ]  42%  1.2 GiB of 2.9 GiB}), redrawn at
 * most ten times a second. {@link #forTerminal} returns a silent progress when output is not a terminal.
 */
final class ProgressBar implements IngestProgress {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintWriter out) {
        this.out = out;
    }

    static IngestProgress forTerminal(PrintWriter err, boolean quiet) {
        return forTerminal(err, quiet, System.console() != null);
    }

    static IngestProgress forTerminal(PrintWriter err, boolean quiet, boolean terminal) {
        return quiet || !terminal ? IngestProgress.NONE : new ProgressBar(err);
    }

    @Override
    public void bytesRead(long done, long total) {
        long now = System.nanoTime();
        if (drawn && now - lastDraw < REDRAW_NANOS && done < total) {
            return;
        }
        lastDraw = now;
        drawn = true;
        double fraction = total <= 0 ? 1.0 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        StringBuilder bar = new StringBuilder("\r[");
        for (int i = 0; i < WIDTH; i++) {
            bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        bar.append(String.format("] %3d%%  %s of %s ", Math.round(fraction * 100), bytes(done), bytes(total)));
        out.print(bar);
        out.flush();
    }

    @Override
    public void phase(String name) {
        finishLine();
        out.println(name + " ...");
        out.flush();
    }

    void finishLine() {
        if (drawn) {
            out.println();
            drawn = false;
        }
    }

    static String bytes(long count) {
        if (count < 1024) {
            return count + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = count;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format("%.1f %s", value, units[unit]);
    }
}
