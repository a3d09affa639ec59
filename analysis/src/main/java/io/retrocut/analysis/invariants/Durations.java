package io.retrocut.analysis.invariants;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations of invariants files and options: {@code 20ms}, {@code 1.5s}, {@code 2m}; a bare number is ms. */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");

    private Durations() {
    }

    /** Milliseconds, or an {@link IllegalArgumentException} whose message says what is accepted. */
    public static long parseMillis(String text) {
        Matcher matcher = DURATION.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; use a number with ms, s or m, e.g. 20ms, 1.5s, 2m");
        }
        BigDecimal amount = new BigDecimal(matcher.group(1));
        String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
        BigDecimal millis = switch (unit) {
            case "ms" -> amount;
            case "s" -> amount.multiply(BigDecimal.valueOf(1_000));
            default -> amount.multiply(BigDecimal.valueOf(60_000));
        };
        if (millis.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number of milliseconds");
        }
        return millis.longValueExact();
    }
}
