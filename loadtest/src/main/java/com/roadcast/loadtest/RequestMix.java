package com.roadcast.loadtest;

import com.github.myzhan.locust4j.taskset.WeighingTaskSet;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The client mix the product is sized for: predict all nodes 10, predict one node 5, node catalog 3, health 1.
 * Every simulated user draws its next request from these weights, so the weights are shares of requests
 * ({@link #BUDGET_SHARES}: the share of a user's requests spending each rate-limit budget). Forecast answers are
 * checked against what was asked ({@link ForecastCheck}).
 */
final class RequestMix {
    static final int PREDICT_ALL = 10;
    static final int PREDICT_NODE = 5;
    static final int NODES = 3;
    static final int HEALTH = 1;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String PREDICT = "predict";
    private static final String CATALOG = "nodes";
    static final Map<String, Double> BUDGET_SHARES = Map.of(
            PREDICT, (double) (PREDICT_ALL + PREDICT_NODE) / (PREDICT_ALL + PREDICT_NODE + NODES + HEALTH),
            CATALOG, (double) NODES / (PREDICT_ALL + PREDICT_NODE + NODES + HEALTH));

    private final URI target;
    private final KeyRing keys;
    private final Choices choices;

    RequestMix(URI target, KeyRing keys, Choices choices) {
        this.target = target;
        this.keys = keys;
        this.choices = choices;
    }

    WeighingTaskSet taskSet(ApiClient client, Pacing pacing) {
        WeighingTaskSet set = new WeighingTaskSet("roadcast-client", 1);
        set.addTask(new ApiTask("predict-all", PREDICT_ALL, this::predictAll, client, pacing));
        set.addTask(new ApiTask("predict-node", PREDICT_NODE, this::predictNode, client, pacing));
        set.addTask(new ApiTask("nodes", NODES, this::nodes, client, pacing));
        set.addTask(new ApiTask("health", HEALTH, this::health, client, pacing));
        return set;
    }

    ApiCall predictAll(Random random) {
        List<Integer> horizons = choices.horizons(random);
        String body = "{\"horizons\":" + json(horizons) + "}";
        return new ApiCall("POST", "/v1/predict", post("/v1/predict", body), Optional.of(PREDICT),
                new ForecastCheck(choices.all(), horizons));
    }

    ApiCall predictNode(Random random) {
        List<Integer> horizons = choices.horizons(random);
        String node = choices.node(random);
        String body = "{\"horizons\":" + json(horizons) + "}";
        return new ApiCall("POST", "/v1/nodes/{id}/predict", post("/v1/nodes/" + node + "/predict", body),
                Optional.of(PREDICT), new ForecastCheck(Set.of(node), horizons));
    }

    /** Half the catalog reads page through the list, half look up one sensor. */
    ApiCall nodes(Random random) {
        if (random.nextBoolean()) {
            String path = "/v1/nodes?offset=" + choices.pageOffset(random) + "&limit=" + Choices.PAGE_SIZE;
            return new ApiCall("GET", "/v1/nodes", keyed(path).GET().build(), Optional.of(CATALOG), ApiCall.BodyCheck.ANY);
        }
        return new ApiCall("GET", "/v1/nodes/{id}", keyed("/v1/nodes/" + choices.node(random)).GET().build(),
                Optional.of(CATALOG), ApiCall.BodyCheck.ANY);
    }

    /** A load balancer's or uptime checker's probe: public, no key. */
    ApiCall health(Random random) {
        return new ApiCall("GET", "/health/ready", HttpRequest.newBuilder(target.resolve("/health/ready")).timeout(TIMEOUT).GET().build(),
                Optional.empty(), ApiCall.BodyCheck.ANY);
    }

    private HttpRequest post(String path, String json) {
        return keyed(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private HttpRequest.Builder keyed(String path) {
        return HttpRequest.newBuilder(target.resolve(path)).timeout(TIMEOUT).header("X-API-Key", keys.current().key());
    }

    private static String json(List<Integer> horizons) {
        return horizons.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
    }
}
