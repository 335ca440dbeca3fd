package com.roadcast.forecast;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of {@code POST /v1/nodes/{id}/predict}: the node is in the path, only horizons here. */
public record NodePredictRequest(@JsonProperty("horizons") List<Integer> horizons) {}
