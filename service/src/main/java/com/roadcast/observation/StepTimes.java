package com.roadcast.observation;

import com.roadcast.web.RequestRefused;
import com.roadcast.web.TimeRange;
import java.time.Instant;

/** Times as request bodies and headers carry them: ISO-8601 with an offset. */
public final class StepTimes {

    private StepTimes() {}

    /** @throws RequestRefused 422 naming {@code field} when {@code text} is not ISO-8601 with an offset */
    public static Instant parse(String field, String text) {
        return TimeRange.parse(text).orElseThrow(() -> RequestRefused.invalid(TimeRange.notATime(field, text)));
    }
}
