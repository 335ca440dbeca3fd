package com.roadcast.web;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A range of times asked for with the query parameters {@code from} and {@code to} (both inclusive, ISO-8601
 * with an offset), the one way every endpoint reads them. A time that cannot be read, or a required one
 * missing, is 400; {@code from} after {@code to}, or a range longer than allowed, is 422. Messages name the
 * parameter.
 */
public record TimeRange(Instant from, Instant to) {
    private static final String EXAMPLE = "2012-03-06T14:20:00-08:00";

    /** Both times required. */
    public static TimeRange required(@Nullable String from, @Nullable String to, Limit limit) {
        Bound start = Bound.given("from", required("from", from));
        Bound end = Bound.given("to", required("to", to));
        return checked(start, end, limit);
    }

    /** {@code to} defaults to {@code defaultTo}, {@code from} to {@code defaultSpan} before {@code to}. */
    public static TimeRange withDefaults(@Nullable String from, @Nullable String to, Supplier<Instant> defaultTo,
            Duration defaultSpan, Limit limit) {
        Bound end = to == null ? Bound.of(defaultTo.get()) : Bound.given("to", to);
        Bound start = from == null ? Bound.of(end.time().minus(defaultSpan)) : Bound.given("from", from);
        return checked(start, end, limit);
    }

    /** The longest range, and the setting that holds it (named in the message). */
    public record Limit(Duration longest, String setting) {}

    /** An ISO-8601 time with an offset, if {@code text} is one. */
    public static Optional<Instant> parse(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The message for a {@code field} whose {@code text} is not a time. */
    public static String notATime(String field, String text) {
        return field + " " + Quote.of(text) + " is not ISO-8601 with an offset, e.g. " + EXAMPLE;
    }

    private record Bound(Instant time, String shown) {
        static Bound of(Instant time) {
            return new Bound(time, Quote.of(time.toString()));
        }

        static Bound given(String name, String text) {
            // an unencoded '+' of an offset arrives as a space
            Instant time = parse(text.replace(' ', '+')).orElseThrow(() -> RequestRefused.malformed(notATime(name, text)));
            return new Bound(time, Quote.of(text));
        }
    }

    private static String required(String name, @Nullable String text) {
        if (text == null || text.isEmpty()) {
            throw RequestRefused.malformed(name + " is required: an ISO-8601 time with an offset, e.g. " + EXAMPLE);
        }
        return text;
    }

    private static TimeRange checked(Bound from, Bound to, Limit limit) {
        if (from.time().isAfter(to.time())) {
            throw RequestRefused.invalid("from " + from.shown() + " is after to " + to.shown());
        }
        Duration span = Duration.between(from.time(), to.time());
        if (span.compareTo(limit.longest()) > 0) {
            throw RequestRefused.invalid("from..to spans " + words(span) + "; one request may span at most "
                    + words(limit.longest()) + " (" + limit.setting() + ")");
        }
        return new TimeRange(from.time(), to.time());
    }

    /** A duration as people write it, e.g. {@code 31 days 5 minutes}. */
    static String words(Duration duration) {
        List<String> parts = new ArrayList<>();
        part(parts, duration.toDaysPart(), "days");
        part(parts, duration.toHoursPart(), "hours");
        part(parts, duration.toMinutesPart(), "minutes");
        part(parts, duration.toSecondsPart(), "seconds");
        return parts.isEmpty() ? "0 minutes" : String.join(" ", parts);
    }

    private static void part(List<String> parts, long count, String unit) {
        if (count > 0) {
            parts.add(count + " " + unit);
        }
    }
}
