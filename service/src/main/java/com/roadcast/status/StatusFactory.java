package com.roadcast.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.roadcast.stream.WindowHub;
import com.roadcast.web.Webjars;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jetty.setup.ServletEnvironment;
import io.dropwizard.servlets.assets.AssetServlet;
import jakarta.servlet.ServletRegistration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * {@code status:} settings. Puts the operator status page on the admin port: {@code GET /status}, its script,
 * style and uPlot (from its webjar), the JSON it reads ({@code /status/api/*}) and its event feed
 * ({@code /status/events}).
 */
public final class StatusFactory {
    static final String PATH = "/status";
    private static final String UPLOT = "META-INF/resources/webjars/uplot/";

    /**
     * A base-map tile URL template with {@code {z}}, {@code {x}} and {@code {y}} (an http(s) tile server the
     * operators' browsers may reach); unset: no base map, the sensors on a plain background. The page's policy
     * lets it load images from that origin only.
     */
    @Pattern(regexp = "https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/(?=.*\\{z\\})(?=.*\\{x\\})(?=.*\\{y\\})[^\\s'\";,]*",
            message = "must be an http(s) URL template with {z}, {x} and {y}")
    @JsonProperty
    private @Nullable String tileUrl;

    /** Hours of a sensor's readings its chart shows, before its forecast. */
    @Min(1)
    @Max(24)
    @JsonProperty
    private int historyHours = 3;

    /** Most event feeds open at once (browser tabs on the page); more are answered 503. */
    @Min(1)
    @Max(256)
    @JsonProperty
    private int maxListeners = 32;

    /** Registers the page and its feeds on the admin port; the open pages hear of every new window {@code windows} tells. */
    public void install(Environment environment, WindowHub windows, StatusSources sources) {
        ServletEnvironment admin = environment.admin();
        StatusReader reader = new StatusReader(sources, environment.healthChecks(), tileUrl, historyHours);
        admin.addServlet("status-page", new StatusPageServlet(policy())).addMapping(PATH);
        admin.addServlet("status-files", new AssetServlet("com/roadcast/status", PATH, null, StandardCharsets.UTF_8))
                .addMapping(PATH + "/status.js", PATH + "/status.css", PATH + "/favicon.svg");
        admin.addServlet("status-uplot", new AssetServlet(UPLOT + Webjars.version("org.webjars.npm", "uplot") + "/dist",
                PATH + "/uplot", null, StandardCharsets.UTF_8)).addMapping(PATH + "/uplot/*");
        admin.addServlet("status-api", new StatusApiServlet(reader, environment.getObjectMapper()))
                .addMapping(StatusApiServlet.PATH + "/*");
        StatusEvents events = new StatusEvents(maxListeners, environment.getObjectMapper(), sources.models());
        environment.lifecycle().manage(events);
        environment.lifecycle().addEventListener(events);
        ServletRegistration.Dynamic feed = admin.addServlet("status-events", events);
        feed.setAsyncSupported(true);
        feed.addMapping(StatusEvents.PATH);
        windows.subscribe(events);
    }

    /** The page's Content-Security-Policy: everything from this origin, images from the tile server too. */
    String policy() {
        String images = tileUrl == null ? "'self'" : "'self' " + origin(tileUrl);
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src " + images + "; connect-src 'self'; "
                + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    }

    private static String origin(String template) {
        URI uri = URI.create(template.substring(0, template.indexOf('/', template.indexOf("//") + 2)));
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
