package com.roadcast.model;

import io.dropwizard.core.setup.Environment;
import com.roadcast.redis.RedisLink;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.nio.file.Path;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/** {@code model:} settings: which bundle directory serves at start, and ONNX Runtime's threads. */
public final class ModelFactory {
    /** Bundle directory (model.json + ONNX file), relative to the working directory. */
    @NotEmpty
    @JsonProperty
    private String bundle = "models";

    /**
     * The directory reloads may load bundles from (its subdirectories, symlinks resolved); unset means the
     * directory holding {@link #bundle} (for {@code models}, the working directory).
     */
    @JsonProperty
    private @Nullable String bundlesDir;

    /** Threads one inference may use; 1 leaves the other core to Jetty on a 2-core VM. */
    @Min(1)
    @Max(64)
    @JsonProperty
    private int intraOpThreads = 1;

    public String getBundle() {
        return bundle;
    }

    public Path getBundlesDir() {
        if (bundlesDir != null) {
            return Path.of(bundlesDir);
        }
        Path holder = Path.of(bundle).toAbsolutePath().normalize().getParent();
        return holder != null ? holder : Path.of(bundle).toAbsolutePath().getRoot();
    }

    private BundleLoader loader(ObjectMapper mapper, Clock clock) {
        return new BundleLoader(mapper, intraOpThreads, clock);
    }

    /**
     * Loads and validates the configured bundle into a managed registry with the {@code model} health
     * check; start-up fails with the reason when the bundle is unusable.
     */
    public ModelRegistry build(Environment environment, Clock clock) {
        ModelRegistry models;
        try {
            models = new ModelRegistry(loader(environment.getObjectMapper(), clock).load(Path.of(bundle)));
        } catch (InvalidBundleException e) {
            throw new IllegalStateException("Cannot start: model bundle '" + bundle + "' is unusable: " + e.getMessage(), e);
        }
        environment.lifecycle().manage(models);
        environment.healthChecks().register("model", new ModelHealthCheck(models));
        return models;
    }

    /**
     * The reloader of {@code models}, with the admin tasks {@code model-reload}, {@code model-rollback},
     * {@code model-shadow}, {@code model-promote} and {@code model-shadow-drop}.
     */
    public void reloads(Environment environment, ModelRegistry models, ModelReloader.CandidateCheck check, RedisLink redis,
            ModelReloader.Outcomes outcomes, Clock clock) {
        ModelReloader reloader = new ModelReloader(models, loader(environment.getObjectMapper(), clock),
                new BundleDirectories(getBundlesDir(), Path.of(bundle)),
                check, redis, outcomes);
        environment.admin().addTask(ModelTasks.reload(reloader, environment.getObjectMapper()));
        environment.admin().addTask(ModelTasks.rollback(reloader, environment.getObjectMapper()));
        environment.admin().addTask(ModelTasks.shadow(reloader, environment.getObjectMapper()));
        environment.admin().addTask(ModelTasks.promote(reloader, environment.getObjectMapper()));
        environment.admin().addTask(ModelTasks.dropShadow(reloader, environment.getObjectMapper()));
    }
}
