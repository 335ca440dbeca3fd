package com.roadcast.forecast;

import com.roadcast.auth.ApiKeyFilter;
import com.roadcast.auth.RequestSigning;
import com.roadcast.auth.SignedContent;
import com.roadcast.web.BufferedBodyRequest;
import com.roadcast.web.RequestAttributes;
import com.roadcast.web.ServletHeaders;
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
import java.util.Map;

/**
 * Serves {@code POST /v1/predict} from a servlet filter in front of Jersey, which costs a cache hit more
 * than all the rest of its work (docs/decisions): an adapter of {@link PredictExchange}, which admits and
 * answers the request, or hands it on to Jersey with the body it read.
 */
public final class PredictServletFilter implements Filter {
    private final PredictExchange exchange;
    private final RouteTimer timer;

    /** Where an answer served here is timed, as Jersey times its route's answers. */
    public interface RouteTimer {
        void observe(int status, long nanos);
    }

    public PredictServletFilter(PredictExchange exchange, RouteTimer timer) {
        this.exchange = exchange;
        this.timer = timer;
    }

    /** Puts the filter in front of Jersey on the exchange's path, after the request id is set. */
    public void install(Environment environment) {
        environment.servlets().addFilter("predict", this)
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, exchange.path());
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        PredictExchange.Ask ask = new PredictExchange.Ask(request.getMethod(),
                SignedContent.target(request.getRequestURI(), request.getQueryString()),
                ServletHeaders.joined(request, ApiKeyFilter.HEADER), ServletHeaders.joined(request, RequestSigning.HEADER),
                ServletHeaders.joined(request, "Content-Type"),
                ServletHeaders.joined(request, "Accept"), ServletHeaders.joined(request, "Accept-Encoding"),
                request.getContentLengthLong(), request.getRemoteAddr(), ServletHeaders.joined(request, "X-Forwarded-For"),
                RequestAttributes.of(request));
        PredictExchange.Outcome outcome = exchange.serve(ask, length -> body(request, length));
        if (outcome instanceof PredictExchange.Answer answer) {
            send(answer, (HttpServletResponse) servletResponse);
            timer.observe(answer.status(), System.nanoTime() - start);
        } else if (outcome instanceof PredictExchange.HandOff handOff) {
            chain.doFilter(handedOn(request, handOff), servletResponse);
        }
    }

    /** The request as Jersey is to read it: with the body read here, or the failure that stopped the read. */
    private static ServletRequest handedOn(HttpServletRequest request, PredictExchange.HandOff handOff) {
        if (handOff.failure().isPresent()) {
            return BufferedBodyRequest.failed(request, handOff.failure().get());
        }
        return handOff.body().<ServletRequest>map(bytes -> BufferedBodyRequest.of(request, bytes)).orElse(request);
    }

    private static void send(PredictExchange.Answer answer, HttpServletResponse response) throws IOException {
        response.setStatus(answer.status());
        for (Map.Entry<String, String> header : answer.headers()) {
            response.setHeader(header.getKey(), header.getValue());
        }
        SingleWriteOutput.write(response.getOutputStream(), answer.body());
    }

    private static byte[] body(HttpServletRequest request, int length) throws IOException {
        byte[] body = request.getInputStream().readNBytes(length);
        if (body.length < length) {
            throw new EOFException("the body ended after " + body.length + " of " + length + " bytes");
        }
        return body;
    }
}
