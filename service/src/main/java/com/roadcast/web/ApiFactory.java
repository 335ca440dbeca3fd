package com.roadcast.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDataSize;
import io.dropwizard.validation.MinDataSize;
import jakarta.validation.constraints.NotNull;

/** {@code api:} settings of the public HTTP surface. */
public final class ApiFactory {
    /** Largest request body accepted; bigger ones get 413 before they are read. */
    @NotNull
    @MinDataSize(1024)
    @MaxDataSize(value = 64, unit = io.dropwizard.util.DataSizeUnit.MEBIBYTES)
    @JsonProperty
    private DataSize maxBodySize = DataSize.mebibytes(2);

    /**
     * Also serves the OpenAPI document ({@code /openapi.json}, {@code /openapi.yaml}) and the Swagger UI
     * ({@code /docs/}) on the application port, without a key or a rate limit; the admin port always serves
     * the document. On in config.yml and config-dev.yml, off by default and in config-prod.yml.
     */
    @JsonProperty
    private boolean publicDocs;

    public boolean isPublicDocs() {
        return publicDocs;
    }

    /**
     * On SIGTERM, how long the instance stays up not ready, refusing new connections and closing the
     * ones it answers on, before the graceful stop: longer than the proxy's upstream keepalive timeout
     * (nginx/roadcast.conf: 4 s). 0 (the default) stops at once.
     */
    @NotNull
    @JsonProperty
    private Duration drainWait = Duration.seconds(0);

    /**
     * Serves {@code POST /v1/predict} forecasts from a servlet filter below Jersey ({@code forecast/PredictServletFilter}):
     * the same answers, without Jersey's cost per request (docs/decisions/0001). Off sends every request through Jersey.
     */
    @JsonProperty
    private boolean fastPredict = true;

    /** Cross-origin access from browsers: off unless {@code allowedOrigins} lists some. */
    @NotNull
    @jakarta.validation.Valid
    @JsonProperty
    private CorsFactory cors = new CorsFactory();

    public CorsFactory getCors() {
        return cors;
    }

    public boolean isFastPredict() {
        return fastPredict;
    }

    public long maxBodyBytes() {
        return maxBodySize.toBytes();
    }

    public Duration getDrainWait() {
        return drainWait;
    }

    public BodyLimitFilter bodyLimitFilter() {
        return new BodyLimitFilter(maxBodyBytes());
    }
}
