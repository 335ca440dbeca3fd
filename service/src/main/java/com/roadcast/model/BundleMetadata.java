package com.roadcast.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * {@code model.json} of a model bundle: identity, tensor contract, node catalog and the figures the
 * training pipeline measured. Informational fields the service does not interpret are kept as JSON.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BundleMetadata(
        String name,
        String version,
        String onnxFile,
        String sha256,
        int inputSteps,
        int outputSteps,
        int intervalMinutes,
        String timezone,
        Inputs inputs,
        String output,
        List<Node> nodes,
        JsonNode normalisation,
        JsonNode trainingPeriod,
        JsonNode validation,
        String architecture) {

    /** Names of the graph's three inputs. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Inputs(String speed, String timeOfDay, String dayOfWeek) {}

    /** One sensor: its id, position and training mean (the last resort when imputing it). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Node(String id, double latitude, double longitude, double meanSpeed) {}
}
