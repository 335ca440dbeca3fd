package com.roadcast;

import com.roadcast.auth.ApiKeyStore;
import com.roadcast.auth.AuthFactory;
import com.roadcast.auth.KeysCommand;
import com.roadcast.cache.CacheTasks;
import com.roadcast.cache.CompressedHits;
import com.roadcast.cache.ForecastCache;
import com.roadcast.forecast.CandidateSanityCheck;
import com.roadcast.forecast.FastPredict;
import com.roadcast.forecast.ForecastAnswers;
import com.roadcast.forecast.ForecastEngine;
import com.roadcast.forecast.NodePredictResource;
import com.roadcast.forecast.PredictResource;
import com.roadcast.model.ModelHealthCheck;
import com.roadcast.model.ModelRegistry;
import com.roadcast.model.ModelReloader;
import com.roadcast.model.ModelResource;
import com.roadcast.model.ModelTasks;
import com.roadcast.node.NodeResource;
import com.roadcast.observation.ObservationResource;
import com.roadcast.observation.ObservationWindow;
import com.roadcast.openapi.OpenApiDocs;
import com.roadcast.ops.HealthResource;
import com.roadcast.ops.ProductionGuard;
import com.roadcast.ops.PrometheusMetrics;
import com.roadcast.ops.Readiness;
import com.roadcast.ops.logging.LogRedaction;
import com.roadcast.ops.metrics.RoadcastMetrics;
import com.roadcast.ratelimit.Budgets;
import com.roadcast.ratelimit.RateLimitFactory;
import com.roadcast.ratelimit.RateLimitFeature;
import com.roadcast.ratelimit.RateLimiter;
import com.roadcast.redis.RedisEvents;
import com.roadcast.redis.RedisGuard;
import com.roadcast.redis.RedisHealthCheck;
import com.roadcast.replay.ReplayCommand;
import com.roadcast.web.AdminBinding;
import com.roadcast.web.WebSetup;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** Roadcast: traffic-speed forecasts over HTTP. {@link #run} only wires the features together. */
public final class RoadcastApplication extends Application<RoadcastConfiguration> {

    public static void main(String[] args) throws Exception {
        new RoadcastApplication().run(args);
    }

    @Override
    public String getName() {
        return "roadcast";
    }

    @Override
    public void initialize(Bootstrap<RoadcastConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        WebSetup.configureMapper(bootstrap.getObjectMapper());
        WebSetup.rejectDuplicateKeys(bootstrap.getObjectMapper());
        bootstrap.addCommand(new KeysCommand<>(RoadcastConfiguration.class));
        bootstrap.addCommand(new ReplayCommand());
    }

    @Override
    public void run(RoadcastConfiguration config, Environment environment) {
        AdminBinding.check(config.getServerFactory(), config.isAdminOnNetwork());
        Clock clock = Clock.systemUTC();
        WebSetup.register(environment, config.getServerFactory(), config.getApi());
        LogRedaction.install(environment);
        RoadcastMetrics metrics = PrometheusMetrics.install(environment, config.getRateLimits().knownTiers(), clock);
        String keyPrefix = config.getRedis().getKeyPrefix();

        Optional<RedisGuard> redis = config.getRedis().build(environment.lifecycle(), clock);
        Optional<RedisEvents> events = redis.map(guard -> new RedisEvents(guard, keyPrefix));
        events.ifPresent(environment.lifecycle()::manage);
        redis.ifPresent(guard -> environment.healthChecks().register("redis", new RedisHealthCheck(guard)));
        redis.ifPresent(metrics::watchRedis);

        ModelRegistry models = config.getModel().build(environment.getObjectMapper(), clock);
        environment.lifecycle().manage(models);
        environment.healthChecks().register("model", new ModelHealthCheck(models));
        metrics.watchModels(models);

        ObservationWindow window = metrics.watchWindow(config.getObservations().window(redis, keyPrefix,
                models.active().inputSteps(), clock, events));
        environment.healthChecks().register("data-freshness", config.getObservations().freshnessCheck(window, clock));

        ModelReloader reloader = new ModelReloader(models, config.getModel().loader(environment.getObjectMapper(), clock),
                Path.of(config.getModel().getBundle()), new CandidateSanityCheck(models, window), events, metrics.reloads());
        environment.admin().addTask(ModelTasks.reload(reloader, environment.getObjectMapper()));
        environment.admin().addTask(ModelTasks.rollback(reloader, environment.getObjectMapper()));

        ForecastCache cache = config.getCache().build(redis, keyPrefix, events, environment.metrics());
        environment.lifecycle().manage(cache);
        environment.jersey().register(new CompressedHits());
        metrics.watchCache(cache, redis.isPresent());
        environment.admin().addTask(CacheTasks.clear(cache, environment.getObjectMapper()));
        environment.admin().addTask(CacheTasks.stats(cache, environment.getObjectMapper()));

        environment.healthChecks().register("audit-log", config.getAudit().start());
        RateLimitFactory limits = config.getRateLimits();
        RateLimiter limiter = limits.limiter(redis, keyPrefix, clock);
        environment.lifecycle().manage(limiter);
        Budgets budgets = new Budgets(limits, limiter);
        environment.jersey().register(new RateLimitFeature(budgets));
        ApiKeyStore keyStore = config.getAuth().store(redis, keyPrefix, clock);
        if (config.isProduction()) {
            ProductionGuard.check(ProductionGuard.problems(redis.isPresent(), config.getAuth().isCreateDemoKey(), keyStore));
        }
        AuthFactory.Keys keys = config.getAuth().build(environment, keyStore, clock, System.out,
                limits.failedAuthGuard(redis, keyPrefix, clock), limits.clientIps(), events);

        Readiness readiness = new Readiness(config.getApi().getDrainWait());
        environment.lifecycle().addEventListener(readiness);
        environment.jersey().register(readiness);
        environment.jersey().register(new HealthResource(models, readiness));
        environment.jersey().register(new ModelResource(models));
        environment.jersey().register(new NodeResource(models, window));
        environment.jersey().register(new ObservationResource(
                config.getObservations().parser(models.active().interval(), clock), window, models));
        ForecastAnswers forecasts = new ForecastAnswers(models, window, new ForecastEngine(environment.metrics()), cache);
        environment.jersey().register(new PredictResource(forecasts));
        environment.jersey().register(new NodePredictResource(forecasts));
        if (config.getApi().isFastPredict()) {
            new FastPredict(keys.authenticator(), budgets, forecasts, environment.getObjectMapper(), readiness,
                    metrics.fastPredict(), config.getApi().maxBodyBytes()).install(environment);
        }
        OpenApiDocs.install(environment, limits, config.getApi().isPublicDocs());
    }
}
