package com.roadcast.webhook;

import com.roadcast.testing.LosLoop;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Los-loop rows as observation batches, with some nodes' speeds overwritten (a jam the model then forecasts). */
final class Congestion {
    static final double JAM_MPH = 8;

    private Congestion() {}

    static Map<String, Object> jammed(int fromRow, int rows, List<String> nodes) {
        return Map.of("observations", IntStream.range(fromRow, fromRow + rows).mapToObj(row -> {
            Map<String, Object> item = LosLoop.item(row);
            @SuppressWarnings("unchecked")
            Map<String, Object> speeds = new LinkedHashMap<>((Map<String, Object>) item.get("speeds"));
            nodes.forEach(node -> speeds.put(node, JAM_MPH));
            return Map.<String, Object>of("timestamp", item.get("timestamp"), "speeds", speeds);
        }).toList());
    }
}
