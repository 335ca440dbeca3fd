package com.roadcast.model;

import com.roadcast.redis.RedisEvents;
import com.roadcast.redis.RedisGuard;
import com.roadcast.redis.RedisLink;
import com.roadcast.redis.RedisUnavailableException;
import java.util.function.Function;
import redis.clients.jedis.UnifiedJedis;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a bundle beside the serving one, validates it (shapes, checksum, warm-up, and a sanity check of
 * its forecasts on the current window), and only then swaps it in atomically: requests never see a
 * half-loaded model, and a bad bundle leaves the old one serving. Only the configured bundle and directories
 * under {@code model.bundlesDir} load ({@link BundleDirectories}). Other instances sharing the Redis are
 * told, and load the same directory after the same check.
 */
public final class ModelReloader {
    static final String RELOAD_EVENT = "model-reload";
    static final String ROLLBACK_EVENT = "model-rollback";
    static final String SHADOW_EVENT = "model-shadow";
    static final String PROMOTE_EVENT = "model-promote";
    static final String SHADOW_DROP_EVENT = "model-shadow-drop";
    private static final Logger LOG = LoggerFactory.getLogger(ModelReloader.class);

    /** A last check of a loaded candidate against live data; throws to reject it. */
    @FunctionalInterface
    public interface CandidateCheck {
        void check(LoadedModel candidate) throws InvalidBundleException;
    }

    private final ModelRegistry registry;
    private final BundleLoader loader;
    private final BundleDirectories bundles;
    private final CandidateCheck check;
    private final Optional<RedisEvents> events;
    private final Optional<RedisGuard> shared;
    private final String shadowKey;
    private final Outcomes outcomes;

    /** Told of every reload here, asked for or announced by another instance: swapped in or rejected. */
    @FunctionalInterface
    public interface Outcomes {
        void reloaded(boolean swappedIn);
    }

    /**
     * With Redis, instances follow each other's reloads, rollbacks and shadow changes, and one that starts
     * later loads the shadow the others run (its directory is kept in Redis).
     */
    public ModelReloader(ModelRegistry registry, BundleLoader loader, BundleDirectories bundles, CandidateCheck check,
            RedisLink redis, Outcomes outcomes) {
        this.registry = registry;
        this.loader = loader;
        this.bundles = bundles;
        this.check = check;
        this.events = redis.events();
        this.shared = redis.guard();
        this.shadowKey = redis.keyPrefix() + "model:shadow";
        this.outcomes = outcomes;
        events.ifPresent(bus -> {
            bus.on(RELOAD_EVENT, path -> reloadQuietly(Path.of(path)));
            bus.on(ROLLBACK_EVENT, ignored -> registry.rollback());
            bus.on(SHADOW_EVENT, path -> shadowQuietly(Path.of(path)));
            bus.on(PROMOTE_EVENT, ignored -> registry.promote());
            bus.on(SHADOW_DROP_EVENT, ignored -> registry.dropShadow());
        });
        sharedShadow(client -> Optional.ofNullable(client.get(shadowKey))).ifPresent(path -> shadowQuietly(Path.of(path)));
    }

    /** Loads {@code directory} (the configured bundle when empty) and makes it serve. */
    public LoadedModel reload(Optional<Path> directory) throws InvalidBundleException {
        LoadedModel loaded = swapIn(directory.orElse(bundles.configured()));
        events.ifPresent(bus -> bus.publish(RELOAD_EVENT, loaded.directory().toString()));
        return loaded;
    }

    /** Makes the previous model serve again; empty when there is none. */
    public Optional<LoadedModel> rollback() {
        Optional<LoadedModel> restored = registry.rollback();
        restored.ifPresent(model -> events.ifPresent(bus -> bus.publish(ROLLBACK_EVENT, model.version())));
        return restored;
    }

    /** Loads {@code directory} with the same checks as a reload and runs it as the shadow, here and on every instance. */
    public LoadedModel shadow(Path directory) throws InvalidBundleException {
        LoadedModel loaded = shadowIn(directory);
        sharedShadow(client -> Optional.of(client.set(shadowKey, loaded.directory().toString())));
        events.ifPresent(bus -> bus.publish(SHADOW_EVENT, loaded.directory().toString()));
        return loaded;
    }

    /** Makes the shadow serve everywhere (the serving model kept for rollback); empty when there is none. */
    public Optional<LoadedModel> promote() {
        Optional<LoadedModel> promoted = registry.promote();
        promoted.ifPresent(model -> sharedShadow(client -> Optional.of(client.del(shadowKey))));
        promoted.ifPresent(model -> events.ifPresent(bus -> bus.publish(PROMOTE_EVENT, model.version())));
        return promoted;
    }

    /** Unloads the shadow everywhere; empty when there was none. */
    public Optional<LoadedModel> dropShadow() {
        Optional<LoadedModel> dropped = registry.dropShadow();
        dropped.ifPresent(model -> sharedShadow(client -> Optional.of(client.del(shadowKey))));
        dropped.ifPresent(model -> events.ifPresent(bus -> bus.publish(SHADOW_DROP_EVENT, model.version())));
        return dropped;
    }

    /** Reads or writes which shadow runs, in Redis; empty without Redis or when it cannot be reached (logged). */
    private <T> Optional<T> sharedShadow(Function<UnifiedJedis, Optional<T>> operation) {
        try {
            return shared.flatMap(redis -> redis.call(operation));
        } catch (RedisUnavailableException e) {
            LOG.warn("Which shadow model runs could not be read or kept in Redis: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private synchronized LoadedModel shadowIn(Path requested) throws InvalidBundleException {
        LoadedModel candidate = validated(bundles.admitted(requested));
        registry.shadow(candidate);
        return candidate;
    }

    private void shadowQuietly(Path directory) {
        try {
            shadowIn(directory);
        } catch (InvalidBundleException | RuntimeException e) {
            LOG.error("Another instance runs {} as its shadow, but this one cannot load it: {}", directory, e.getMessage());
        }
    }

    private synchronized LoadedModel swapIn(Path requested) throws InvalidBundleException {
        try {
            LoadedModel candidate = validated(bundles.admitted(requested));
            registry.swap(candidate);
            outcomes.reloaded(true);
            return candidate;
        } catch (InvalidBundleException | RuntimeException e) {
            outcomes.reloaded(false);
            throw e;
        }
    }

    private LoadedModel validated(Path directory) throws InvalidBundleException {
        LoadedModel candidate = loader.load(directory);
        try {
            if (!candidate.catalog().sameNodesAs(registry.catalog())) {
                throw new InvalidBundleException("bundle " + directory + " serves other nodes than the current model");
            }
            check.check(candidate);
        } catch (InvalidBundleException | RuntimeException e) {
            candidate.retire();
            throw e;
        }
        return candidate;
    }

    private void reloadQuietly(Path directory) {
        try {
            swapIn(directory);
        } catch (InvalidBundleException | RuntimeException e) {
            LOG.error("Another instance loaded {}, but this one cannot: {}", directory, e.getMessage());
        }
    }
}
