package com.roadcast.forecast;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of the predict endpoints; absent fields mean every horizon and (for /v1/predict) every node. */
public record PredictRequest(@JsonProperty("horizons") List<Integer> horizons, @JsonProperty("nodes") List<String> nodes) {}
