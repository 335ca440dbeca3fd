package com.roadcast.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a forecast answer must hold for the request that asked for it: one prediction per requested sensor (each
 * once), and for each the requested horizons, each with its minutes (5 per step) and a finite speed.
 */
record ForecastCheck(Set<String> nodes, List<Integer> horizons) implements ApiCall.BodyCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MINUTES_PER_STEP = 5;

    ForecastCheck {
        nodes = Set.copyOf(nodes);
        horizons = List.copyOf(new TreeSet<>(horizons));
    }

    @Override
    public Optional<String> problem(byte[] body) {
        JsonNode predictions;
        try {
            predictions = JSON.readTree(body).path("predictions");
        } catch (IOException e) {
            return Optional.of("wrong body: not JSON");
        }
        if (!predictions.isArray()) {
            return Optional.of("wrong body: no predictions");
        }
        if (predictions.size() != nodes.size()) {
            return Optional.of("wrong body: " + predictions.size() + " predictions for " + nodes.size() + " nodes");
        }
        Set<String> seen = new HashSet<>();
        for (JsonNode prediction : predictions) {
            String node = prediction.path("node_id").asText();
            if (!nodes.contains(node) || !seen.add(node)) {
                return Optional.of("wrong body: unexpected or repeated node");
            }
            Optional<String> problem = forecastProblem(prediction.path("forecasts"));
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private Optional<String> forecastProblem(JsonNode forecasts) {
        if (!forecasts.isArray() || forecasts.size() != horizons.size()) {
            return Optional.of("wrong body: not the requested horizons");
        }
        Set<Integer> got = new TreeSet<>();
        for (JsonNode forecast : forecasts) {
            int horizon = forecast.path("horizon").asInt(-1);
            JsonNode speed = forecast.path("speed_mph");
            if (forecast.path("minutes").asInt(-1) != horizon * MINUTES_PER_STEP) {
                return Optional.of("wrong body: minutes do not match the horizon");
            }
            if (!speed.isNumber() || !Double.isFinite(speed.asDouble())) {
                return Optional.of("wrong body: a speed that is not a number");
            }
            got.add(horizon);
        }
        return got.equals(new TreeSet<>(horizons)) ? Optional.empty() : Optional.of("wrong body: not the requested horizons");
    }
}
