package com.roadcast.model;

import ai.onnxruntime.OrtException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A validated bundle, ready to serve: its metadata, node catalog and running session. The session is
 * reference-counted: the registry holds one reference while the model may serve, each inference holds
 * one while it runs, and the native session closes when the last is released, never under a request.
 */
public final class LoadedModel {
    private static final Logger LOG = LoggerFactory.getLogger(LoadedModel.class);
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    private final Path directory;
    private final BundleMetadata metadata;
    private final NodeCatalog catalog;
    private final OnnxForecaster forecaster;
    private final Instant loadedAt;
    private final ZoneId zone;
    private final AtomicInteger references = new AtomicInteger(1);

    public LoadedModel(Path directory, BundleMetadata metadata, NodeCatalog catalog, OnnxForecaster forecaster,
            Instant loadedAt) {
        this.directory = directory;
        this.metadata = metadata;
        this.catalog = catalog;
        this.forecaster = forecaster;
        this.loadedAt = loadedAt;
        this.zone = ZoneId.of(metadata.timezone());
    }

    public Path directory() {
        return directory;
    }

    public BundleMetadata metadata() {
        return metadata;
    }

    public NodeCatalog catalog() {
        return catalog;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

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
        return zone;
    }

    /** A time as the API shows it: ISO-8601 with seconds and the model zone's offset. */
    public String localTime(Instant time) {
        return LOCAL_TIME.format(time.atZone(zone));
    }

    /**
     * Runs one inference while holding a reference, so a concurrent swap cannot close the session under it.
     *
     * @throws RetiredModelException when the model was retired and closed before this call could hold it
     */
    public float[] forecast(float[] window, float timeOfDay, long dayOfWeek) throws OrtException {
        int held;
        do {
            held = references.get();
            if (held == 0) {
                throw new RetiredModelException(version());
            }
        } while (!references.compareAndSet(held, held + 1));
        try {
            return forecaster.forecast(window, timeOfDay, dayOfWeek);
        } finally {
            release();
        }
    }

    /** Gives up the registry's reference: the session closes once no inference is running on it. */
    void retire() {
        release();
    }

    private void release() {
        if (references.decrementAndGet() == 0) {
            try {
                forecaster.close();
                LOG.info("Closed model {} {}", name(), version());
            } catch (OrtException e) {
                LOG.warn("Closing model {} {} failed: {}", name(), version(), e.getMessage());
            }
        }
    }

    /** The model was swapped out and closed between being looked up and being used; look it up again. */
    public static final class RetiredModelException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        RetiredModelException(String version) {
            super("model " + version + " was retired");
        }
    }
}
