package com.roadcast.model;

import io.dropwizard.lifecycle.Managed;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Holds the model that serves and the one before it, for an instant rollback. Readers take a consistent
 * reference with {@link #active()}; swaps are atomic, and a model dropped from both slots is retired
 * (closed once its last inference ends).
 */
public final class ModelRegistry implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
    private volatile Slots slots;

    private record Slots(LoadedModel active, @Nullable LoadedModel previous) {}

    public ModelRegistry(LoadedModel initial) {
        this.slots = new Slots(initial, null);
    }

    public LoadedModel active() {
        return slots.active();
    }

    /** The catalog of the serving model; every model this registry accepts shares it. */
    public NodeCatalog catalog() {
        return active().catalog();
    }

    /** Makes {@code next} serve; the current model becomes the rollback target. */
    public synchronized void swap(LoadedModel next) {
        Slots now = slots;
        if (!next.catalog().sameNodesAs(now.active().catalog())) {
            throw new IllegalArgumentException("model " + next.version() + " has a different node catalog");
        }
        slots = new Slots(next, now.active());
        LoadedModel dropped = now.previous();
        if (dropped != null) {
            dropped.retire();
        }
        LOG.info("Model {} {} now serves (previous: {})", next.name(), next.version(), now.active().version());
    }

    /** Swaps the serving and the previous model back; empty when there is no previous model. */
    public synchronized Optional<LoadedModel> rollback() {
        Slots now = slots;
        LoadedModel previous = now.previous();
        if (previous == null) {
            return Optional.empty();
        }
        slots = new Slots(/* active= */ previous, /* previous= */ now.active());
        LOG.info("Rolled back to model {} {}", previous.name(), previous.version());
        return Optional.of(previous);
    }

    @Override
    public synchronized void stop() {
        Slots now = slots;
        now.active().retire();
        LoadedModel previous = now.previous();
        if (previous != null) {
            previous.retire();
        }
    }
}
