package com.roadcast.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** One reading of {@code from}/{@code to}: 400 for what cannot be read, 422 for a range that cannot be. */
class TimeRangeTest {
    private static final TimeRange.Limit DAY = new TimeRange.Limit(Duration.ofDays(1), "history.maxExportRange");
    private static final Instant NEWEST = Instant.parse("2012-03-06T22:00:00Z");

    private static int status(Runnable parse) {
        try {
            parse.run();
            return 200;
        } catch (RequestRefused refused) {
            return refused.status();
        }
    }

    private static TimeRange defaulted(String from, String to) {
        return TimeRange.withDefaults(from, to, () -> NEWEST, Duration.ofHours(24), DAY);
    }

    @Test
    void bothWaysOfAskingGiveOneStatusForOneInput() {
        String[][] asked = {{"yesterday", "2012-03-06T14:20:00-08:00", "400"},
            {"2012-03-06T14:20:00-08:00", "", "400"},
            {"2012-03-06T14:20:00", "2012-03-06T14:20:00-08:00", "400"},
            {"2012-03-06T14:25:00-08:00", "2012-03-06T14:20:00-08:00", "422"},
            {"2012-03-05T14:15:00-08:00", "2012-03-06T14:20:00-08:00", "422"},
            {"2012-03-05T14:20:00-08:00", "2012-03-06T14:20:00-08:00", "200"}};
        for (String[] ask : asked) {
            assertThat(status(() -> TimeRange.required(ask[0], ask[1], DAY))).as(String.join(" ", ask))
                    .isEqualTo(Integer.parseInt(ask[2]));
            assertThat(status(() -> defaulted(ask[0], ask[1]))).as(String.join(" ", ask))
                    .isEqualTo(Integer.parseInt(ask[2]));
        }
    }

    @Test
    void missingTimesAreRequiredOrDefaulted() {
        assertThatThrownBy(() -> TimeRange.required(null, "2012-03-06T14:20:00-08:00", DAY))
                .hasMessageStartingWith("from is required");
        assertThat(defaulted(null, null)).isEqualTo(new TimeRange(NEWEST.minus(Duration.ofHours(24)), NEWEST));
        assertThat(defaulted(null, "2012-03-06T14:20:00-08:00").from()).isEqualTo(Instant.parse("2012-03-05T22:20:00Z"));
    }

    @Test
    void anOffsetWhosePlusArrivedAsASpaceIsRead() {
        assertThat(TimeRange.required("2012-03-06T14:20:00 08:00", "2012-03-06T14:30:00 08:00", DAY).from())
                .isEqualTo(Instant.parse("2012-03-06T06:20:00Z"));
        assertThat(TimeRange.parse("2012-03-06T14:20:00 08:00")).as("only query parameters arrive so").isEmpty();
    }
}
