package io.retrocut.ingest;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Parses RFC 3339 timestamps ({@code 2025-11-22T08:26:40.012345Z}, {@code 2025-11-22 10:26:40+02:00}): date, a
 * {@code T}, {@code t} or space, time with optional fraction (digits beyond nanoseconds are dropped), and {@code Z},
 * {@code z} or a {@code +hh:mm}/{@code -hh:mm} offset. Hand-written because it runs once per input line.
 */
final class Rfc3339 {
    private Rfc3339() {
    }

    /** Epoch second and nanosecond of a parsed timestamp. */
    record Instant(long epochSecond, int nano) {
    }

    /** The instant, or null when {@code text} is not an RFC 3339 timestamp. */
    static Instant parse(String text) {
        int n = text.length();
        if (n < 20) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        char separator = text.charAt(10);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0
                || text.charAt(4) != '-' || text.charAt(7) != '-'
                || (separator != 'T' && separator != 't' && separator != ' ')
                || text.charAt(13) != ':' || text.charAt(16) != ':'
                || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int i = 19;
        int nano = 0;
        if (text.charAt(i) == '.') {
            i++;
            int start = i;
            int scale = 100_000_000;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                nano += (text.charAt(i) - '0') * scale;
                scale /= 10;
                i++;
            }
            if (i == start) {
                return null;
            }
        }
        if (i >= n) {
            return null;
        }
        int offsetSeconds;
        char zone = text.charAt(i);
        if (zone == 'Z' || zone == 'z') {
            offsetSeconds = 0;
            i++;
        } else if (zone == '+' || zone == '-') {
            if (i + 6 != n || text.charAt(i + 3) != ':') {
                return null;
            }
            int offsetHour = digits(text, i + 1, 2);
            int offsetMinute = digits(text, i + 4, 2);
            if (offsetHour < 0 || offsetMinute < 0 || offsetHour > 23 || offsetMinute > 59) {
                return null;
            }
            offsetSeconds = (zone == '-' ? -1 : 1) * (offsetHour * 3600 + offsetMinute * 60);
            i += 6;
        } else {
            return null;
        }
        if (i != n) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        return new Instant(epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds, nano);
    }

    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char ch = text.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            value = value * 10 + (ch - '0');
        }
        return value;
    }
}
