package com.roadcast.model;

import ai.onnxruntime.OrtException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** A validated bundle, ready to serve: its metadata, node catalog and running session. */
public record LoadedModel(
        Path directory, BundleMetadata metadata, NodeCatalog catalog, OnnxForecaster forecaster, Instant loadedAt) {
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");


    public String name() {
        return metadata.name();
    }

    public String version() {
        return metadata.version();
    }

    public int inputSteps() {
        return metadata.inputSteps();
    }

    public int horizons() {
        return metadata.outputSteps();
    }

    public Duration interval() {
        return Duration.ofMinutes(metadata.intervalMinutes());
    }

    /** The zone whose local time of day and weekday the model was trained on. */
    public ZoneId zone() {
        return ZoneId.of(metadata.timezone());
    }

    /** A time as the API shows it: ISO-8601 with seconds and the model zone's offset. */
    public String localTime(Instant time) {
        return LOCAL_TIME.format(time.atZone(zone()));
    }

    void close() throws OrtException {
        forecaster.close();
    }
}
