package io.retrocut.events;

import java.util.Locale;

/** Unit of the HLC physical part {@code l}. The events dataset records it; durations are reported in milliseconds. */
public enum HlcUnit {
    MS(1L, "ms"),
    US(1_000L, "us"),
    NS(1_000_000L, "ns");

    private final long perMillisecond;
    private final String label;

    HlcUnit(long perMillisecond, String label) {
        this.perMillisecond = perMillisecond;
        this.label = label;
    }

    /** How many units make one millisecond. */
    public long perMillisecond() {
        return perMillisecond;
    }

    public String label() {
        return label;
    }

    /** Converts a physical-part difference in this unit to whole milliseconds (rounded toward zero). */
    public long toMillis(long amount) {
        return amount / perMillisecond;
    }

    /** Converts epoch microseconds to this unit (rounded toward negative infinity). */
    public long fromMicros(long micros) {
        return switch (this) {
            case MS -> Math.floorDiv(micros, 1_000L);
            case US -> micros;
            case NS -> Math.multiplyExact(micros, 1_000L);
        };
    }

    /** Converts an amount in this unit to epoch microseconds (rounded toward negative infinity). */
    public long toMicros(long amount) {
        return switch (this) {
            case MS -> Math.multiplyExact(amount, 1_000L);
            case US -> amount;
            case NS -> Math.floorDiv(amount, 1_000L);
        };
    }

    public static HlcUnit parse(String text) {
        for (HlcUnit unit : values()) {
            if (unit.label.equals(text.toLowerCase(Locale.ROOT))) {
                return unit;
            }
        }
        throw new IllegalArgumentException("unknown HLC unit '" + text + "'; expected ms, us or ns");
    }

    @Override
    public String toString() {
        return label;
    }
}
