package com.roadcast;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.roadcast.auth.AuthFactory;
import com.roadcast.auth.KeysConfiguration;
import com.roadcast.cache.CacheFactory;
import com.roadcast.model.ModelFactory;
import com.roadcast.observation.HistoryFactory;
import com.roadcast.observation.ObservationFactory;
import com.roadcast.audit.AuditFactory;
import com.roadcast.logging.ErrorTrackingFactory;
import com.roadcast.quality.QualityFactory;
import com.roadcast.ratelimit.RateLimitFactory;
import com.roadcast.redis.RedisFactory;
import com.roadcast.stream.StreamFactory;
import com.roadcast.web.ApiFactory;
import com.roadcast.status.StatusFactory;
import com.roadcast.webhook.WebhookFactory;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** Root of config.yml: one validated factory per feature, each with working defaults. */
public final class RoadcastConfiguration extends Configuration implements KeysConfiguration {
    /** Production refuses unsafe settings at start-up (see ProductionGuard); config-prod.yml sets it. */
    @JsonProperty
    private boolean production;

    /** The admin port answers only on loopback unless this is set: start-up refuses it otherwise (AdminBinding). */
    @JsonProperty
    private boolean adminOnNetwork;

    @Valid
    @NotNull
    @JsonProperty
    private ModelFactory model = new ModelFactory();

    @Valid
    @NotNull
    @JsonProperty
    private ObservationFactory observations = new ObservationFactory();

    @Valid
    @NotNull
    @JsonProperty
    private HistoryFactory history = new HistoryFactory();

    @Valid
    @NotNull
    @JsonProperty
    private QualityFactory quality = new QualityFactory();

    @Valid
    @NotNull
    @JsonProperty
    private AuthFactory auth = new AuthFactory();

    @Valid
    @NotNull
    @JsonProperty
    private ApiFactory api = new ApiFactory();

    @Valid
    @NotNull
    @JsonProperty
    private RedisFactory redis = new RedisFactory();

    @Valid
    @NotNull
    @JsonProperty
    private CacheFactory cache = new CacheFactory();

    @Valid
    @NotNull
    @JsonProperty
    private RateLimitFactory rateLimits = new RateLimitFactory();

    @Valid
    @NotNull
    @JsonProperty
    private AuditFactory audit = new AuditFactory();

    @Valid
    @NotNull
    @JsonProperty
    private ErrorTrackingFactory sentry = new ErrorTrackingFactory();

    @Valid
    @NotNull
    @JsonProperty
    private WebhookFactory webhooks = new WebhookFactory();

    @Valid
    @NotNull
    @JsonProperty
    private StatusFactory status = new StatusFactory();

    @Valid
    @NotNull
    @JsonProperty
    private StreamFactory stream = new StreamFactory();

    public boolean isProduction() {
        return production;
    }

    public boolean isAdminOnNetwork() {
        return adminOnNetwork;
    }

    public ModelFactory getModel() {
        return model;
    }

    public ObservationFactory getObservations() {
        return observations;
    }

    public HistoryFactory getHistory() {
        return history;
    }

    public QualityFactory getQuality() {
        return quality;
    }

    @Override
    public AuthFactory getAuth() {
        return auth;
    }

    public ApiFactory getApi() {
        return api;
    }

    @Override
    public RateLimitFactory getRateLimits() {
        return rateLimits;
    }

    @Override
    public AuditFactory getAudit() {
        return audit;
    }

    public ErrorTrackingFactory getSentry() {
        return sentry;
    }

    public CacheFactory getCache() {
        return cache;
    }

    public WebhookFactory getWebhooks() {
        return webhooks;
    }

    public StatusFactory getStatus() {
        return status;
    }

    public StreamFactory getStream() {
        return stream;
    }

    public RedisFactory getRedis() {
        return redis;
    }
}
