package com.roadcast.logging;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.validation.ValidationMethod;
import io.sentry.SentryOptions;
import jakarta.validation.constraints.NotEmpty;
import java.net.URI;
import java.net.URISyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * {@code sentry:} optional error tracking. With a {@code dsn} (a Sentry project's, or any server that
 * speaks its protocol), every log event at ERROR is sent as an event, redacted like the log, tagged
 * with its request id; INFO and WARN lines before it go along as breadcrumbs. Without one, nothing is
 * sent and nothing is started (an empty value, as {@code ${ROADCAST_SENTRY_DSN:-}} gives, counts as none).
 */
public final class ErrorTrackingFactory {
    @JsonProperty
    private @Nullable String dsn;

    @NotEmpty
    @JsonProperty
    private String environment = "production";

    /** Sends ERROR events from now until the service stops, when a DSN is set. */
    public void build(Environment environment) {
        if (dsn != null && !dsn.isBlank()) {
            environment.lifecycle().manage(ErrorTracking.start(options(dsn)));
        }
    }

    private SentryOptions options(String dsn) {
        SentryOptions options = new SentryOptions();
        options.setDsn(dsn);
        options.setEnvironment(environment);
        options.setSendDefaultPii(false);
        options.setEnableExternalConfiguration(false);
        options.setSendModules(false);
        options.setShutdownTimeoutMillis(2_000);
        options.addContextTag(com.roadcast.web.RequestIds.MDC_KEY);
        options.setBeforeSend((event, hint) -> SentryRedaction.event(event));
        options.setBeforeBreadcrumb((breadcrumb, hint) -> SentryRedaction.breadcrumb(breadcrumb));
        return options;
    }

    @JsonIgnore
    @ValidationMethod(message = "sentry.dsn must look like https://PUBLIC_KEY@HOST/PROJECT_ID")
    public boolean isDsnWellFormed() {
        if (dsn == null || dsn.isBlank()) {
            return true;
        }
        try {
            URI uri = new URI(dsn);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getUserInfo() != null && !uri.getUserInfo().isEmpty()
                    && uri.getPath() != null && uri.getPath().matches("(/[^/]+)*/[^/]+");
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
