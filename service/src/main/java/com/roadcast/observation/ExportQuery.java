package com.roadcast.observation;

import com.roadcast.model.NodeCatalog;
import com.roadcast.web.Quote;
import com.roadcast.web.RequestRefused;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The parameters of {@code GET /v1/observations}, validated: a time range of at most {@code maxRange}
 * ({@code from <= to}, both inclusive) and the nodes to export, as catalog columns in the order asked.
 * A parameter that cannot be read is 400; one that can but is invalid is 422; the message names it.
 */
record ExportQuery(Instant from, Instant to, List<String> nodes, int[] columns) {

    static ExportQuery parse(@Nullable String from, @Nullable String to, @Nullable String nodes, NodeCatalog catalog,
            Duration maxRange) {
        String fromText = required("from", from);
        String toText = required("to", to);
        Instant start = time("from", fromText);
        Instant end = time("to", toText);
        if (start.isAfter(end)) {
            throw RequestRefused.invalid("from " + Quote.of(fromText) + " is after to " + Quote.of(toText));
        }
        if (Duration.between(start, end).compareTo(maxRange) > 0) {
            throw RequestRefused.invalid("from..to spans " + span(Duration.between(start, end))
                    + "; one export may span at most " + span(maxRange) + " (history.maxExportRange)");
        }
        return nodes == null ? all(start, end, catalog) : chosen(start, end, nodes, catalog);
    }

    private static String required(String name, @Nullable String text) {
        if (text == null || text.isEmpty()) {
            throw RequestRefused.malformed(name + " is required: an ISO-8601 time with an offset, e.g. 2012-03-06T14:20:00-08:00");
        }
        return text;
    }

    private static Instant time(String name, String text) {
        try {
            // an unencoded '+' of an offset arrives as a space
            return OffsetDateTime.parse(text.replace(' ', '+')).toInstant();
        } catch (DateTimeParseException e) {
            throw RequestRefused.malformed(name + " " + Quote.of(text)
                    + " is not ISO-8601 with an offset, e.g. 2012-03-06T14:20:00-08:00");
        }
    }

    private static ExportQuery all(Instant from, Instant to, NodeCatalog catalog) {
        List<String> ids = new ArrayList<>(catalog.size());
        int[] columns = new int[catalog.size()];
        for (int i = 0; i < columns.length; i++) {
            ids.add(catalog.get(i).id());
            columns[i] = i;
        }
        return new ExportQuery(from, to, List.copyOf(ids), columns);
    }

    private static ExportQuery chosen(Instant from, Instant to, String nodes, NodeCatalog catalog) {
        if (nodes.isEmpty()) {
            throw RequestRefused.invalid("nodes is empty: list node ids separated by commas, or leave it out for all");
        }
        String[] ids = nodes.split(",", -1);
        int[] columns = new int[ids.length];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.length; i++) {
            OptionalInt index = catalog.indexOf(ids[i]);
            if (index.isEmpty()) {
                throw RequestRefused.invalid("nodes[" + i + "]: unknown node id " + Quote.of(ids[i]));
            }
            if (!seen.add(ids[i])) {
                throw RequestRefused.invalid("nodes[" + i + "]: node id " + Quote.of(ids[i]) + " is repeated");
            }
            columns[i] = index.getAsInt();
        }
        return new ExportQuery(from, to, List.of(ids), columns);
    }

    /** A duration as people write it, e.g. {@code 31 days 5 minutes}. */
    static String span(Duration duration) {
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
