package com.roadcast.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ForecastCheckTest {
    private final ForecastCheck twoNodes = new ForecastCheck(Set.of("1", "2"), List.of(12, 3));

    @Test
    void anAnswerWithEveryNodeAndHorizonPasses() {
        assertEquals(Optional.empty(), twoNodes.problem(body(prediction("1", 3, 12), prediction("2", 12, 3))));
    }

    @Test
    void missingNodesHorizonsOrSpeedsAreWrongBodies() {
        assertEquals(Optional.of("wrong body: 1 predictions for 2 nodes"), twoNodes.problem(body(prediction("1", 3, 12))));
        assertEquals(Optional.of("wrong body: not the requested horizons"),
                twoNodes.problem(body(prediction("1", 3, 12), prediction("2", 3, 6))));
        assertEquals(Optional.of("wrong body: unexpected or repeated node"),
                twoNodes.problem(body(prediction("1", 3, 12), prediction("1", 3, 12))));
        assertEquals(Optional.of("wrong body: a speed that is not a number"), twoNodes.problem(body(
                prediction("1", 3, 12), "{\"node_id\":\"2\",\"forecasts\":[" + forecast(3).replace("61.5", "null") + ","
                        + forecast(12) + "]}")));
        assertEquals(Optional.of("wrong body: not JSON"), twoNodes.problem("<html>".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.of("wrong body: no predictions"), twoNodes.problem("{}".getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] body(String... predictions) {
        return ("{\"model\":{\"name\":\"m\",\"version\":\"1\"},\"predictions\":[" + String.join(",", predictions) + "]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String prediction(String node, int... horizons) {
        StringBuilder forecasts = new StringBuilder();
        for (int horizon : horizons) {
            forecasts.append(forecasts.length() == 0 ? "" : ",").append(forecast(horizon));
        }
        return "{\"node_id\":\"" + node + "\",\"forecasts\":[" + forecasts + "]}";
    }

    private static String forecast(int horizon) {
        return "{\"horizon\":" + horizon + ",\"minutes\":" + 5 * horizon + ",\"speed_mph\":61.5}";
    }
}
