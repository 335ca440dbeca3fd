package com.roadcast.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code api.cors:} which web origins may call {@code /v1} from a browser; none (the default) turns CORS off. */
public final class CorsFactory {
    /**
     * An origin exactly as a browser sends it: {@code http} or {@code https}, a lower-case host name or
     * address, an optional port; no path, no trailing slash, no wildcard, never {@code null}.
     */
    static final String ORIGIN = "https?://([a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*"
            + "|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?";

    @NotNull
    @JsonProperty
    private List<@NotNull @Pattern(regexp = ORIGIN, message = "must be an exact origin such as https://app.example.com"
            + " (scheme, lower-case host, optional port; no path, slash or wildcard)") String> allowedOrigins = List.of();

    /** How long a browser may keep a preflight's grant (browsers cap it: Chromium at 2 hours). */
    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.SECONDS)
    @MaxDuration(value = 1, unit = TimeUnit.DAYS)
    @JsonProperty
    private Duration maxAge = Duration.minutes(10);

    public List<String> getAllowedOrigins() {
        return allowedOrigins;
    }

    public Cors build() {
        return new Cors(allowedOrigins, maxAge.toSeconds());
    }
}
