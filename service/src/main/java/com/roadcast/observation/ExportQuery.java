package com.roadcast.observation;

import com.roadcast.model.NodeCatalog;
import com.roadcast.web.Quote;
import com.roadcast.web.RequestRefused;
import com.roadcast.web.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The parameters of {@code GET /v1/observations}, validated: a time range of at most {@code maxRange}
 * ({@code from <= to}, both inclusive) and the nodes to export, as catalog columns in the order asked.
 * The range is read as {@link TimeRange} reads every range; a node list that is invalid is 422, naming the item.
 */
record ExportQuery(Instant from, Instant to, List<String> nodes, int[] columns) {

    static ExportQuery parse(@Nullable String from, @Nullable String to, @Nullable String nodes, NodeCatalog catalog,
            Duration maxRange) {
        TimeRange range = TimeRange.required(from, to, new TimeRange.Limit(maxRange, "history.maxExportRange"));
        return nodes == null ? all(range.from(), range.to(), catalog) : chosen(range.from(), range.to(), nodes, catalog);
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
}
