package com.roadcast.observation;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code speeds} object of one item exactly as sent, so validation can name what is wrong: values of
 * any JSON type are kept, and a sensor id that appears twice is remembered rather than silently overwritten.
 */
@Schema(type = "object", additionalPropertiesSchema = Double.class,
        description = "Speeds in miles per hour by sensor id, each sensor once; finite, 0..observations.maxSpeedMph (150); missing sensors are imputed",
        example = "{\"773869\": 64.4, \"767541\": 61.0}")
public final class SpeedReadings {
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Set<String> repeated = new LinkedHashSet<>();

    @JsonAnySetter
    void put(String sensorId, Object value) {
        if (values.containsKey(sensorId)) {
            repeated.add(sensorId);
        }
        values.put(sensorId, value);
    }

    Map<String, Object> values() {
        return values;
    }

    Set<String> repeated() {
        return repeated;
    }
}
