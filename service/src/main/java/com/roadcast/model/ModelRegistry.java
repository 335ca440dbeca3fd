package com.roadcast.model;

import io.dropwizard.lifecycle.Managed;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the model that serves and the one before it, for an instant rollback. Readers take a consistent
 * reference with {@link #active()}; swaps are atomic, and a model dropped from both slots is retired
 * (closed once its last inference ends).
 */
public final class ModelRegistry implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
    private final AtomicReference<Slots> slots;

    private record Slots(LoadedModel active, LoadedModel previous) {}

    public ModelRegistry(LoadedModel initial) {
        this.slots = new AtomicReference<>(new Slots(initial, null));
    }

    public LoadedModel active() {
        return slots.get().active();
    }

    /** The catalog of the serving model; every model this registry accepts shares it. */
    public NodeCatalog catalog() {
        return active().catalog();
    }

    /** Makes {@code next} serve; the current model becomes the rollback target. */
    public synchronized void swap(LoadedModel next) {
        Slots now = slots.get();
        if (!next.catalog().sameNodesAs(now.active().catalog())) {
            throw new IllegalArgumentException("model " + next.version() + " has a different node catalog");
        }
        slots.set(new Slots(next, now.active()));
        if (now.previous() != null) {
            now.previous().retire();
        }
        LOG.info("Model {} {} now serves (previous: {})", next.name(), next.version(), now.active().version());
    }

    /** Swaps the serving and the previous model back; empty when there is no previous model. */
    public synchronized Optional<LoadedModel> rollback() {
        Slots now = slots.get();
        if (now.previous() == null) {
            return Optional.empty();
        }
        slots.set(new Slots(/* active= */ now.previous(), /* previous= */ now.active()));
        LOG.info("Rolled back to model {} {}", now.previous().name(), now.previous().version());
        return Optional.of(now.previous());
    }

    @Override
    public synchronized void stop() {
        Slots now = slots.get();
        now.active().retire();
        if (now.previous() != null) {
            now.previous().retire();
        }
    }
}
