package com.roadcast;

import com.roadcast.auth.KeysCommand;
import com.roadcast.forecast.ForecastAnswers;
import com.roadcast.forecast.ForecastEngine;
import com.roadcast.forecast.NodePredictResource;
import com.roadcast.forecast.PredictResource;
import com.roadcast.model.ModelHealthCheck;
import com.roadcast.model.ModelRegistry;
import com.roadcast.model.ModelResource;
import com.roadcast.node.NodeResource;
import com.roadcast.observation.ObservationResource;
import com.roadcast.observation.ObservationWindow;
import com.roadcast.ops.HealthResource;
import com.roadcast.ops.Readiness;
import com.roadcast.replay.ReplayCommand;
import com.roadcast.web.WebSetup;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import java.util.Optional;
import redis.clients.jedis.RedisClient;

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
        bootstrap.addCommand(new KeysCommand<>(RoadcastConfiguration.class));
        bootstrap.addCommand(new ReplayCommand());
    }

    @Override
    public void run(RoadcastConfiguration config, Environment environment) {
        Clock clock = Clock.systemUTC();
        WebSetup.register(environment, config.getServerFactory(), config.getApi());

        ModelRegistry models = config.getModel().build(environment.getObjectMapper(), clock);
        environment.lifecycle().manage(models);
        environment.healthChecks().register("model", new ModelHealthCheck(models));

        Optional<RedisClient> redis = config.getRedis().build(environment.lifecycle());
        ObservationWindow window = config.getObservations().window(
                redis, config.getRedis().getKeyPrefix(), models.active().inputSteps(), clock);
        environment.healthChecks().register("data-freshness", config.getObservations().freshnessCheck(window, clock));

        config.getAuth().build(environment);

        Readiness readiness = new Readiness();
        environment.lifecycle().addEventListener(readiness);
        environment.jersey().register(new HealthResource(models, readiness));
        environment.jersey().register(new ModelResource(models));
        environment.jersey().register(new NodeResource(models, window));
        environment.jersey().register(new ObservationResource(
                config.getObservations().parser(models.active().interval(), clock), window, models));
        ForecastAnswers forecasts = new ForecastAnswers(new ForecastEngine(models, window));
        environment.jersey().register(new PredictResource(forecasts));
        environment.jersey().register(new NodePredictResource(forecasts));
    }
}
