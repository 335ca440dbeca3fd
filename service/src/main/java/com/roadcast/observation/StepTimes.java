package com.roadcast.observation;

import com.roadcast.web.Quote;
import com.roadcast.web.RequestRefused;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Times as the API takes them: ISO-8601 with an offset. */
public final class StepTimes {

    private StepTimes() {}

    /** @throws RequestRefused 422 naming {@code field} when {@code text} is not ISO-8601 with an offset */
    public static Instant parse(String field, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw RequestRefused.invalid(field + " " + Quote.of(text)
                    + " is not ISO-8601 with an offset, e.g. 2012-03-06T14:20:00-08:00");
        }
    }
}
