package io.retrocut.analysis.time;

import io.retrocut.events.Hlc;
import io.retrocut.events.HlcUnit;
import io.retrocut.events.UserException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * A time given on the command line (SPEC §5): an RFC 3339 timestamp ({@code 2025-11-22T08:26:40.009Z}), epoch
 * milliseconds ({@code 1763800000009}) or an HLC {@code l.c} ({@code 1763800000009.1}, {@code l} in the dataset's
 * unit). A wall-clock time covers a whole tick of the clock: as a lower bound it means the first HLC of that tick,
 * as an upper bound the last, so {@code --from T --to T} selects every cut whose physical part is T.
 */
public record TimeArgument(String text, Hlc lower, Hlc upper) {
    private static final Pattern EPOCH_MILLIS = Pattern.compile("\\d+");
    private static final Pattern HLC = Pattern.compile("\\d+\\.\\d+");

    public static TimeArgument parse(String text, HlcUnit unit) {
        String trimmed = text.trim();
        try {
            if (HLC.matcher(trimmed).matches()) {
                Hlc hlc = Hlc.parse(trimmed);
                return new TimeArgument(text, hlc, hlc);
            }
            long l;
            if (EPOCH_MILLIS.matcher(trimmed).matches()) {
                l = unit.fromMicros(Math.multiplyExact(Long.parseLong(trimmed), 1_000L));
            } else {
                Instant instant = OffsetDateTime.parse(trimmed).toInstant();
                l = unit.fromMicros(ChronoUnit.MICROS.between(Instant.EPOCH, instant));
            }
            return new TimeArgument(text, new Hlc(l, 0), new Hlc(l, Integer.MAX_VALUE));
        } catch (DateTimeParseException | IllegalArgumentException | ArithmeticException e) {
            throw UserException.usage("'" + text + "' is not a time; use RFC 3339 (2025-11-22T08:26:40.009Z), "
                    + "epoch milliseconds (1763800000009) or an HLC l.c (1763800000009.1)");
        }
    }
}
