package com.roadcast.model;

import com.codahale.metrics.health.HealthCheck;

/** Critical: without a loaded model the service cannot forecast. Reads state only, runs nothing. */
public final class ModelHealthCheck extends HealthCheck {
    private final ModelRegistry registry;

    public ModelHealthCheck(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected Result check() {
        LoadedModel model = registry.active();
        if (model == null) {
            return Result.unhealthy("no model loaded");
        }
        return Result.builder().healthy()
                .withMessage("model %s %s loaded", model.name(), model.version())
                .withDetail("nodes", model.catalog().size())
                .withDetail("loaded_at", model.loadedAt().toString())
                .build();
    }
}
