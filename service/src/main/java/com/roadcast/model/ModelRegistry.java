package com.roadcast.model;

import io.dropwizard.lifecycle.Managed;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Holds the model that serves; readers take a consistent reference with {@link #active()}. */
public final class ModelRegistry implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
    private final AtomicReference<LoadedModel> active;

    public ModelRegistry(LoadedModel initial) {
        this.active = new AtomicReference<>(initial);
    }

    public LoadedModel active() {
        return active.get();
    }

    /** The catalog of the serving model; all models this registry accepts share it. */
    public NodeCatalog catalog() {
        return active.get().catalog();
    }

    @Override
    public void stop() throws Exception {
        LoadedModel model = active.get();
        if (model != null) {
            LOG.info("Closing model {} {}", model.name(), model.version());
            model.close();
        }
    }
}
