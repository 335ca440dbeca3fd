package com.roadcast.model;

import io.dropwizard.lifecycle.Managed;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Holds the model that serves, the one before it (for an instant rollback) and a shadow candidate (run
 * beside the serving one, never served). Readers take a consistent reference with {@link #active()};
 * swaps are atomic, and a model dropped from every slot is retired (closed once its last inference ends).
 */
public final class ModelRegistry implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
    private volatile Slots slots;

    private record Slots(LoadedModel active, @Nullable LoadedModel previous, @Nullable LoadedModel shadow) {}

    public ModelRegistry(LoadedModel initial) {
        this.slots = new Slots(initial, null, null);
    }

    /** The shadow candidate, when one is loaded. */
    public Optional<LoadedModel> shadow() {
        return Optional.ofNullable(slots.shadow());
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
        requireSameNodes(next);
        slots = new Slots(next, now.active(), now.shadow());
        retire(now.previous());
        LOG.info("Model {} {} now serves (previous: {})", next.name(), next.version(), now.active().version());
    }

    /** Runs {@code candidate} as the shadow, replacing (and retiring) any shadow before it. */
    public synchronized void shadow(LoadedModel candidate) {
        requireSameNodes(candidate);
        Slots now = slots;
        slots = new Slots(now.active(), now.previous(), candidate);
        retire(now.shadow());
        LOG.info("Model {} {} runs as the shadow", candidate.name(), candidate.version());
    }

    /** Unloads the shadow; empty when there was none. */
    public synchronized Optional<LoadedModel> dropShadow() {
        Slots now = slots;
        slots = new Slots(now.active(), now.previous(), null);
        retire(now.shadow());
        return Optional.ofNullable(now.shadow());
    }

    /** Makes the shadow serve, the serving model the rollback target; empty when there is no shadow. */
    public synchronized Optional<LoadedModel> promote() {
        Slots now = slots;
        LoadedModel candidate = now.shadow();
        if (candidate == null) {
            return Optional.empty();
        }
        slots = new Slots(candidate, now.active(), null);
        retire(now.previous());
        LOG.info("Shadow model {} {} promoted (previous: {})", candidate.name(), candidate.version(), now.active().version());
        return Optional.of(candidate);
    }

    private void requireSameNodes(LoadedModel candidate) {
        if (!candidate.catalog().sameNodesAs(slots.active().catalog())) {
            throw new IllegalArgumentException("model " + candidate.version() + " has a different node catalog");
        }
    }

    private static void retire(@Nullable LoadedModel model) {
        if (model != null) {
            model.retire();
        }
    }

    /** Swaps the serving and the previous model back; empty when there is no previous model. */
    public synchronized Optional<LoadedModel> rollback() {
        Slots now = slots;
        LoadedModel previous = now.previous();
        if (previous == null) {
            return Optional.empty();
        }
        slots = new Slots(/* active= */ previous, /* previous= */ now.active(), now.shadow());
        LOG.info("Rolled back to model {} {}", previous.name(), previous.version());
        return Optional.of(previous);
    }

    @Override
    public synchronized void stop() {
        Slots now = slots;
        now.active().retire();
        retire(now.previous());
        retire(now.shadow());
    }
}
