package com.roadcast.observation;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code speeds} object of one item exactly as sent, so validation can name what is wrong: values of
 * any JSON type are kept (a sensor id sent twice never gets here: the mapper refuses repeated keys).
 */
@Schema(type = "object", additionalPropertiesSchema = Double.class,
        description = "Speeds in miles per hour by sensor id, each sensor once; finite, 0..observations.maxSpeedMph (150); missing sensors are imputed",
        example = "{\"773869\": 64.4, \"767541\": 61.0}")
public final class SpeedReadings {
    private final Map<String, Object> values = new LinkedHashMap<>();

    @JsonAnySetter
    void put(String sensorId, Object value) {
        values.put(sensorId, value);
    }

    Map<String, Object> values() {
        return values;
    }
}
