package com.roadcast;

import com.roadcast.accuracy.Accuracy;
import com.roadcast.accuracy.AccuracyResource;
import com.roadcast.auth.ApiKeyStore;
import com.roadcast.auth.KeyChecks;
import com.roadcast.auth.KeysCommand;
import com.roadcast.cache.ForecastCache;
import com.roadcast.forecast.CandidateSanityCheck;
import com.roadcast.forecast.ForecastAnswers;
import com.roadcast.forecast.ForecastEngine;
import com.roadcast.forecast.ForecastRecorder;
import com.roadcast.forecast.NodePredictResource;
import com.roadcast.forecast.PredictExchange;
import com.roadcast.forecast.PredictResource;
import com.roadcast.forecast.PredictServletFilter;
import com.roadcast.health.HealthResource;
import com.roadcast.health.Readiness;
import com.roadcast.logging.LogRedaction;
import com.roadcast.metrics.PrometheusMetrics;
import com.roadcast.metrics.RoadcastMetrics;
import com.roadcast.model.ModelRegistry;
import com.roadcast.model.ModelResource;
import com.roadcast.node.NodeResource;
import com.roadcast.observation.ObservationExportResource;
import com.roadcast.observation.ObservationResource;
import com.roadcast.observation.ObservationHistory;
import com.roadcast.openapi.OpenApiDocs;
import com.roadcast.record.ForecastRecords;
import com.roadcast.quality.SensorHealth;
import com.roadcast.ratelimit.Budgets;
import com.roadcast.redis.RedisLink;
import com.roadcast.replay.ReplayCommand;
import com.roadcast.status.StatusSources;
import com.roadcast.stream.Streams;
import com.roadcast.web.AdminBinding;
import com.roadcast.web.AnswerHeaders;
import com.roadcast.web.Cors;
import com.roadcast.web.ServerTiming;
import com.roadcast.web.WebSetup;
import com.roadcast.webhook.Webhooks;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import java.util.List;

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
        bootstrap.setConfigurationFactoryFactory(WebSetup.rejectDuplicateConfigKeys());
        bootstrap.addCommand(new KeysCommand<>(RoadcastConfiguration.class));
        bootstrap.addCommand(new ReplayCommand());
    }

    @Override
    public void run(RoadcastConfiguration config, Environment environment) {
        AdminBinding.check(config.getServerFactory(), config.isAdminOnNetwork());
        Clock clock = Clock.systemUTC();
        WebSetup.register(environment, config.getServerFactory(), config.getApi());
        LogRedaction.install(environment);
        config.getSentry().build(environment);
        RoadcastMetrics metrics = PrometheusMetrics.install(environment, config.getRateLimits().knownTiers(), clock);
        config.getAudit().build(environment);

        RedisLink redis = config.getRedis().build(environment, clock);
        ModelRegistry models = config.getModel().build(environment, clock);
        ObservationHistory window = metrics.watchWindow(
                config.getObservations().build(environment, redis, config.getHistory(), models.active().inputSteps(),
                        models.active().catalog().size(), clock));
        SensorHealth sensors = config.getQuality().build(window, models.active().catalog().size(),
                models.active().interval());
        config.getModel().reloads(environment, models, new CandidateSanityCheck(models, window), redis,
                metrics.reloads(), clock);
        ForecastCache cache = config.getCache().build(environment, redis);
        ForecastRecords records = config.getHistory().records(redis, "forecasts");
        ForecastRecords shadowRecords = config.getHistory().records(redis, "shadow-forecasts");
        Budgets budgets = config.getRateLimits().build(environment, redis, clock);
        ApiKeyStore keyStore = config.getAuth().store(redis, clock);
        if (config.isProduction()) {
            ProductionGuard.check(ProductionGuard.problems(redis.present(), config.getAuth().isCreateDemoKey(), keyStore));
        }
        KeyChecks keys = config.getAuth().build(environment, keyStore, config.getRateLimits(), redis, clock,
                System.out);
        metrics.watch(redis, models, cache);
        metrics.watchSensors(sensors);

        Readiness readiness = Readiness.following(environment.lifecycle(), config.getApi().getDrainWait());
        Cors cors = config.getApi().getCors().build();
        AnswerHeaders answerHeaders = new AnswerHeaders(List.of(Budgets.ANSWER_HEADERS, readiness,
                ServerTiming.ANSWER_HEADERS, cors));
        environment.jersey().register(answerHeaders);
        cors.install(environment, answerHeaders);
        environment.jersey().register(new HealthResource(models, readiness));
        environment.jersey().register(new ModelResource(models));
        Accuracy accuracy = new Accuracy(models, window, records, shadowRecords);
        metrics.watch(accuracy, models);
        environment.jersey().register(new AccuracyResource(accuracy, config.getHistory().maxExportRange(), clock));
        environment.jersey().register(new NodeResource(models, window, sensors));
        ForecastEngine engine = new ForecastEngine(environment.metrics());
        Webhooks webhooks = config.getWebhooks().build(environment, redis, models, clock);
        metrics.watch(webhooks);
        ForecastRecorder recorder = new ForecastRecorder(models, engine, records, shadowRecords);
        recorder.onRecord(webhooks.forecasts());
        environment.lifecycle().manage(recorder);
        environment.jersey().register(new ObservationResource(
                config.getObservations().parser(models.active().interval(), clock), window, models, recorder));
        environment.jersey().register(new ObservationExportResource(window, models, config.getHistory().maxExportRange()));
        ForecastAnswers answers = new ForecastAnswers(models, window, engine, cache, records);
        PredictExchange predict = new PredictExchange(keys, budgets, answers, answerHeaders,
                environment.getObjectMapper(), config.getApi().maxBodyBytes(), config.getRateLimits().clientIps());
        environment.jersey().register(new PredictResource(predict));
        environment.jersey().register(new NodePredictResource(predict, models));
        if (config.getApi().isFastPredict()) {
            new PredictServletFilter(predict, metrics.routeTimer("POST", predict.path())).install(environment);
        }
        Streams streams = config.getStream().build(environment, redis, models, window, records, answers, recorder, clock);
        metrics.watch(streams);
        config.getStatus().install(environment, streams.windows(),
                new StatusSources(models, window, records, sensors, accuracy, readiness, redis.present(), clock));
        OpenApiDocs.install(environment, config.getRateLimits(), config.getApi().isPublicDocs());
    }
}
