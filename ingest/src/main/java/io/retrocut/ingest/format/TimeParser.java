package io.retrocut.ingest.format;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a time field into epoch seconds and nanoseconds: {@code rfc3339} (also ISO 8601 offsets like {@code +0100},
 * and no offset = the declared zone), {@code epoch_s}/{@code epoch_ms}/{@code epoch_us}/{@code epoch_ns} (decimal
 * fractions allowed), or a {@link DateTimeFormatter} pattern read in the declared zone unless it has an offset.
 */
final class TimeParser {
    static final String FORMATS = "rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns or a java.time pattern such as"
            + " 'yyyy-MM-dd HH:mm:ss,SSS'";
    private static final DateTimeFormatter RFC3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendPattern("[XXX][XX]").optionalEnd()
            .toFormatter(Locale.ROOT);
    private static final Pattern DECIMAL = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)");

    private final String field;
    private final String format;
    private final DateTimeFormatter formatter;
    private final BigDecimal nanosPerUnit;
    private final ZoneId zone;

    /** @throws IllegalArgumentException for an unknown format, a bad pattern or zone (the caller adds where) */
    TimeParser(String field, String format, String zone) {
        this.field = field;
        this.format = format;
        try {
            this.zone = ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + zone + "' (e.g. UTC, Europe/Berlin, +02:00)");
        }
        switch (format) {
            case "rfc3339" -> {
                formatter = RFC3339;
                nanosPerUnit = null;
            }
            case "epoch_s" -> {
                formatter = null;
                nanosPerUnit = BigDecimal.valueOf(1_000_000_000L);
            }
            case "epoch_ms" -> {
                formatter = null;
                nanosPerUnit = BigDecimal.valueOf(1_000_000L);
            }
            case "epoch_us" -> {
                formatter = null;
                nanosPerUnit = BigDecimal.valueOf(1_000L);
            }
            case "epoch_ns" -> {
                formatter = null;
                nanosPerUnit = BigDecimal.ONE;
            }
            default -> {
                try {
                    formatter = DateTimeFormatter.ofPattern(format, Locale.ROOT);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("time format '" + format + "' is not a valid java.time pattern: "
                            + e.getMessage() + "; formats: " + FORMATS);
                }
                nanosPerUnit = null;
            }
        }
    }

    String field() {
        return field;
    }

    /** Epoch second and nano of the text, written into {@code out[0]}, {@code out[1]}. */
    void parse(String text, long[] out) throws BadRecordException {
        if (nanosPerUnit != null) {
            if (!DECIMAL.matcher(text).matches()) {
                throw bad(text);
            }
            BigInteger nanos = new BigDecimal(text).multiply(nanosPerUnit).setScale(0, RoundingMode.FLOOR)
                    .toBigInteger();
            BigInteger[] split = nanos.divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
            if (split[1].signum() < 0) {
                split[0] = split[0].subtract(BigInteger.ONE);
                split[1] = split[1].add(BigInteger.valueOf(1_000_000_000L));
            }
            if (split[0].bitLength() > 63) {
                throw bad(text);
            }
            out[0] = split[0].longValue();
            out[1] = split[1].longValue();
            return;
        }
        Instant instant;
        try {
            TemporalAccessor parsed = formatter.parse(text);
            if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
                instant = Instant.from(parsed);
            } else {
                instant = LocalDateTime.from(parsed).atZone(zone).toInstant();
            }
        } catch (DateTimeParseException e) {
            throw bad(text);
        } catch (DateTimeException e) {
            throw new BadRecordException("time field '" + field + "' \"" + Template.abbreviate(text)
                    + "\" does not give a full date and time with format '" + format + "': " + e.getMessage());
        }
        out[0] = instant.getEpochSecond();
        out[1] = instant.getNano();
    }

    private BadRecordException bad(String text) {
        return new BadRecordException("time field '" + field + "' is \"" + Template.abbreviate(text)
                + "\", which does not match the time format '" + format + "'");
    }
}
