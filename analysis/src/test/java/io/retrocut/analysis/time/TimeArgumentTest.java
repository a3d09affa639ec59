package io.retrocut.analysis.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retrocut.events.Hlc;
import io.retrocut.events.HlcUnit;
import io.retrocut.events.UserException;
import org.junit.jupiter.api.Test;

class TimeArgumentTest {
    @Test
    void rfc3339CoversItsWholeMillisecond() {
        TimeArgument time = TimeArgument.parse("2025-11-22T08:26:40.009Z", HlcUnit.MS);
        assertThat(time.lower()).isEqualTo(new Hlc(1763800000009L, 0));
        assertThat(time.upper()).isEqualTo(new Hlc(1763800000009L, Integer.MAX_VALUE));
    }

    @Test
    void rfc3339WithOffsetAndMicroUnits() {
        TimeArgument time = TimeArgument.parse("2025-11-22T09:26:40.009123+01:00", HlcUnit.US);
        assertThat(time.lower()).isEqualTo(new Hlc(1763800000009123L, 0));
    }

    @Test
    void epochMillisIsConvertedToTheDatasetUnit() {
        assertThat(TimeArgument.parse("1763800000009", HlcUnit.MS).lower()).isEqualTo(new Hlc(1763800000009L, 0));
        assertThat(TimeArgument.parse("1763800000009", HlcUnit.NS).lower()).isEqualTo(new Hlc(1763800000009000000L, 0));
    }

    @Test
    void hlcIsExact() {
        TimeArgument time = TimeArgument.parse("1763800000009.3", HlcUnit.MS);
        assertThat(time.lower()).isEqualTo(new Hlc(1763800000009L, 3));
        assertThat(time.upper()).isEqualTo(new Hlc(1763800000009L, 3));
    }

    @Test
    void garbageIsAUsageError() {
        assertThatThrownBy(() -> TimeArgument.parse("yesterday", HlcUnit.MS))
                .isInstanceOf(UserException.class)
                .hasMessage("'yesterday' is not a time; use RFC 3339 (2025-11-22T08:26:40.009Z), epoch milliseconds (1763800000009) "
                        + "or an HLC l.c (1763800000009.1)");
    }
}
