package com.roadcast.forecast;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.roadcast.auth.ApiKeyAuthenticator;
import com.roadcast.auth.ApiKeyFilter;
import com.roadcast.auth.ApiPrincipal;
import com.roadcast.auth.Role;
import com.roadcast.cache.CacheLevel;
import com.roadcast.cache.CompressedHits;
import com.roadcast.cache.ForecastCache;
import com.roadcast.health.Readiness;
import com.roadcast.ratelimit.Budgets;
import com.roadcast.ratelimit.Decision;
import com.roadcast.ratelimit.EndpointClass;
import com.roadcast.ratelimit.RedisRateLimiter;
import com.roadcast.web.BufferedBodyRequest;
import com.roadcast.web.SecurityHeadersFilter;
import com.roadcast.web.SingleWriteOutput;
import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.EOFException;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Optional;

/**
 * Serves {@code POST /v1/predict} forecasts, cached or computed, from a servlet filter below Jersey, which
 * costs a cache hit more than all the rest of its work (docs/PERFORMANCE.md). It makes the checks Jersey's
 * filters make, in their order: a key validated a moment ago ({@link ApiKeyAuthenticator#remembered}), its
 * role, one permit of its budget; then it answers with the bytes and headers Jersey would send, counted in
 * the same metrics. Anything else goes on to Jersey unchanged, to be answered there: a key not remembered,
 * a body not read here (not plain JSON, chunked or large, an {@code Accept} other than JSON), a refusal, an
 * invalid request, a failed forecast. The permit already spent goes along ({@link Budgets#DECIDED}), and so
 * does the body read.
 */
public final class FastPredict implements Filter {
    public static final String PATH = "/v1/predict";
    private static final long MAX_BODY = 64 * 1024;
    private final ApiKeyAuthenticator authenticator;
    private final Budgets budgets;
    private final ForecastAnswers answers;
    private final ObjectReader reader;
    private final Readiness readiness;
    private final Served metrics;
    private final long maxBody;

    /** Where answers served here are counted as Jersey would count them. */
    public interface Served {
        void served(CacheLevel level, long nanos);
    }

    public FastPredict(ApiKeyAuthenticator authenticator, Budgets budgets, ForecastAnswers answers, ObjectMapper mapper,
            Readiness readiness, Served metrics, long maxBodySize) {
        this.authenticator = authenticator;
        this.budgets = budgets;
        this.answers = answers;
        this.reader = mapper.readerFor(PredictRequest.class);
        this.readiness = readiness;
        this.metrics = metrics;
        this.maxBody = Math.min(MAX_BODY, maxBodySize);
    }

    /** Puts the filter in front of Jersey on {@link #PATH}, after the request id is set. */
    public void install(Environment environment) {
        environment.servlets().addFilter("fast-predict", this)
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, PATH);
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        Optional<ApiPrincipal> caller = "POST".equals(request.getMethod()) && readable(request)
                ? authenticator.remembered(ApiKeyFilter.token(header(request, ApiKeyFilter.HEADER)))
                : Optional.empty();
        if (caller.isEmpty() || !caller.get().role().allows(Role.READ)) {
            chain.doFilter(request, servletResponse);
            return;
        }
        Optional<Decision> decision;
        try {
            decision = budgets.spend(caller.get(), EndpointClass.PREDICT);
        } catch (RedisRateLimiter.LimiterUnavailableException e) {
            chain.doFilter(request, servletResponse);
            return;
        }
        decision.ifPresent(made -> request.setAttribute(Budgets.DECIDED, made));
        if (decision.isPresent() && !decision.get().allowed()) {
            chain.doFilter(request, servletResponse);
            return;
        }
        byte[] body;
        try {
            body = body(request);
        } catch (IOException e) {
            chain.doFilter(BufferedBodyRequest.failed(request, e), servletResponse);
            return;
        }
        Optional<ForecastCache.Lookup> forecast = parsed(body).flatMap(answers::forecast);
        if (forecast.isEmpty()) {
            chain.doFilter(BufferedBodyRequest.of(request, body), servletResponse);
            return;
        }
        answer((HttpServletResponse) servletResponse, forecast.get(), decision, header(request, "Accept-Encoding"));
        metrics.served(forecast.get().level(), System.nanoTime() - start);
    }

    private void answer(HttpServletResponse response, ForecastCache.Lookup forecast, Optional<Decision> decision,
            String acceptEncoding) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        SecurityHeadersFilter.HEADERS.forEach(response::setHeader);
        decision.ifPresent(made -> Budgets.headers(made, response::setHeader));
        ForecastAnswers.cacheHeaders(forecast, response::setHeader);
        readiness.closeIfDraining(response::setHeader);
        byte[] bytes = CompressedHits.body(forecast, acceptEncoding, response::setHeader);
        SingleWriteOutput.write(response.getOutputStream(), bytes);
    }

    /** A JSON body of known, small length, for a client that takes JSON answers. */
    private boolean readable(HttpServletRequest request) {
        long length = request.getContentLengthLong();
        if (length < 0 || length > maxBody) {
            return false;
        }
        String type = header(request, "Content-Type");
        String accept = header(request, "Accept");
        return type != null && isJson(type.replace(" ", "").toLowerCase(Locale.ROOT))
                && (accept == null || accept.equals("*/*") || accept.equals("application/json"));
    }

    private static boolean isJson(String type) {
        return type.equals("application/json") || type.equals("application/json;charset=utf-8");
    }

    private static byte[] body(HttpServletRequest request) throws IOException {
        int length = (int) request.getContentLengthLong();
        byte[] body = request.getInputStream().readNBytes(length);
        if (body.length < length) {
            throw new EOFException("the body ended after " + body.length + " of " + length + " bytes");
        }
        return body;
    }

    /** The request, every node at every horizon for an empty body or {@code null}; empty when Jersey should say what is wrong. */
    private Optional<PredictRequest> parsed(byte[] body) {
        if (body.length == 0) {
            return Optional.of(new PredictRequest(null, null));
        }
        try {
            PredictRequest request = reader.readValue(body);
            return Optional.of(request == null ? new PredictRequest(null, null) : request);
        } catch (IOException | RuntimeException invalid) {
            return Optional.empty();
        }
    }

    /** A header as Jersey reads it: several values joined by commas; null when absent. */
    private static String header(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String first = values.nextElement();
        if (!values.hasMoreElements()) {
            return first;
        }
        StringBuilder all = new StringBuilder(first);
        while (values.hasMoreElements()) {
            all.append(',').append(values.nextElement());
        }
        return all.toString();
    }
}
