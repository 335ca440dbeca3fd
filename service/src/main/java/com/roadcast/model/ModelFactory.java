package com.roadcast.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.nio.file.Path;
import java.time.Clock;

/** {@code model:} settings: which bundle directory serves at start, and ONNX Runtime's threads. */
public final class ModelFactory {
    /** Bundle directory (model.json + ONNX file), relative to the working directory. */
    @NotEmpty
    @JsonProperty
    private String bundle = "models";

    /** Threads one inference may use; 1 leaves the other core to Jetty on a 2-core VM. */
    @Min(1)
    @Max(64)
    @JsonProperty
    private int intraOpThreads = 1;

    public String getBundle() {
        return bundle;
    }

    public BundleLoader loader(ObjectMapper mapper, Clock clock) {
        return new BundleLoader(mapper, intraOpThreads, clock);
    }

    /** Loads and validates the configured bundle; start-up fails with the reason when it is unusable. */
    public ModelRegistry build(ObjectMapper mapper, Clock clock) {
        try {
            return new ModelRegistry(loader(mapper, clock).load(Path.of(bundle)));
        } catch (InvalidBundleException e) {
            throw new IllegalStateException("Cannot start: model bundle '" + bundle + "' is unusable: " + e.getMessage(), e);
        }
    }
}
