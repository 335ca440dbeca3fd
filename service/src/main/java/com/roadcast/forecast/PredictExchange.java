package com.roadcast.forecast;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.roadcast.auth.ApiKeyAuthenticator;
import com.roadcast.auth.ApiKeyFilter;
import com.roadcast.auth.ApiPrincipal;
import com.roadcast.auth.KeyChecks;
import com.roadcast.auth.RequestSigning;
import com.roadcast.auth.SignedContent;
import com.roadcast.cache.ForecastCache;
import com.roadcast.ratelimit.Budgets;
import com.roadcast.ratelimit.Decision;
import com.roadcast.ratelimit.RedisRateLimiter;
import com.roadcast.web.AnswerHeaders;
import com.roadcast.web.ClientIps;
import com.roadcast.web.RequestAttributes;
import com.roadcast.web.RequestRefused;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One forecast request, from its key to the bytes of its answer. Jersey's resources call {@link #answer}
 * once Jersey's filters admitted the request. The servlet filter below Jersey calls {@link #serve}, which
 * admits it with the same parts first, in Jersey's order (a key validated a moment ago, its role, its
 * allowed addresses, its request signature when it needs one, one permit of its budget) and answers with
 * the same {@link #answer}; what it cannot answer with a forecast (a key not remembered, a key used from
 * outside its allowed addresses, a refused signature, a body it does not read, a refusal, an invalid
 * request, a failed forecast) it hands on to Jersey, with the signature's verdict as with the permit spent.
 */
public final class PredictExchange {
    private static final long MAX_BODY = 64 * 1024;
    private final ApiKeyAuthenticator keys;
    private final RequestSigning signing;
    private final Budgets budgets;
    private final ForecastAnswers forecasts;
    private final AnswerHeaders answerHeaders;
    private final ObjectReader reader;
    private final DeclaredRoute route = DeclaredRoute.of(PredictResource.class);
    private final long maxBody;
    private final ClientIps clientIps;

    /**
     * What this path reads of a request's head. Header values as Jersey reads them: repeats joined by commas.
     * {@code peer} is the TCP peer's address; with {@code forwardedFor} it gives the client address. {@code target}
     * is the raw path and query ({@link SignedContent#target}).
     */
    public record Ask(String method, String target, @Nullable String apiKey, @Nullable String signature,
            @Nullable String contentType, @Nullable String accept,
            @Nullable String acceptEncoding,
            long contentLength, String peer, @Nullable String forwardedFor, RequestAttributes attributes) {}

    /** Reads the request's body, of the length its head gave. */
    public interface Body {
        byte[] read(int length) throws IOException;
    }

    /** What became of a request: an answer, or a hand-off for Jersey to answer. */
    public sealed interface Outcome permits Answer, HandOff {}

    /** Status, headers in order and the body's bytes. */
    public record Answer(int status, List<Map.Entry<String, String>> headers, byte[] body) implements Outcome {}

    /** For Jersey to answer: with the body this path read, or the failure that stopped the read, if any. */
    public record HandOff(Optional<byte[]> body, Optional<IOException> failure) implements Outcome {
        static final HandOff UNREAD = new HandOff(Optional.empty(), Optional.empty());
    }

    public PredictExchange(KeyChecks keyChecks, Budgets budgets, ForecastAnswers forecasts,
            AnswerHeaders answerHeaders, ObjectMapper mapper, long maxBodySize, ClientIps clientIps) {
        this.clientIps = clientIps;
        this.keys = keyChecks.keys();
        this.signing = keyChecks.signing();
        this.budgets = budgets;
        this.forecasts = forecasts;
        this.answerHeaders = answerHeaders;
        this.reader = mapper.readerFor(PredictRequest.class);
        this.maxBody = Math.min(MAX_BODY, maxBodySize);
    }

    /** The path this exchange serves below Jersey: the one {@link PredictResource} declares. */
    public String path() {
        return route.path();
    }

    /** Admits and answers a {@code POST} to {@link #path()} below Jersey, or hands it on. */
    public Outcome serve(Ask ask, Body body) {
        Optional<ForecastFormat> format = "POST".equals(ask.method()) ? readable(ask) : Optional.empty();
        if (format.isEmpty()) {
            return HandOff.UNREAD;
        }
        String token = ApiKeyFilter.token(ask.apiKey());
        Optional<ApiPrincipal> caller = keys.remembered(token);
        if (caller.isEmpty() || !caller.get().role().allows(route.role()) || !fromAllowedAddress(caller.get(), ask)) {
            return HandOff.UNREAD;
        }
        byte[] bytes;
        try {
            bytes = body.read((int) ask.contentLength());
        } catch (IOException e) {
            return new HandOff(Optional.empty(), Optional.of(e));
        }
        HandOff withBody = new HandOff(Optional.of(bytes), Optional.empty());
        if (caller.get().signatureRequired() && signing.checkOnce(ask.attributes(), token, ask.signature(),
                () -> new SignedContent(ask.method(), ask.target(), bytes)).isPresent()) {
            return withBody;
        }
        try {
            Optional<Decision> spent = budgets.spendOnce(ask.attributes(), caller.get(), route.endpoint());
            if (spent.isPresent() && !spent.get().allowed()) {
                return withBody;
            }
        } catch (RedisRateLimiter.LimiterUnavailableException e) {
            return withBody;
        }
        Optional<PredictRequest> request = parsed(bytes);
        try {
            return request.isPresent()
                    ? answer(request.get(), format.get(), ask.acceptEncoding(), ask.attributes())
                    : withBody;
        } catch (RequestRefused e) {
            return withBody;
        }
    }

    /**
     * The forecast answer for the nodes, horizons and window asked for, in {@code format}, with every header it
     * carries.
     *
     * @throws RequestRefused 422 naming what is invalid; 404 for a past window with no record; 503 until the
     *     window is full or when the model failed
     */
    Answer answer(PredictRequest asked, ForecastFormat format, @Nullable String acceptEncoding,
            RequestAttributes request) {
        ForecastCache.Lookup lookup = forecasts.lookup(asked, format);
        List<Map.Entry<String, String>> headers = new ArrayList<>(14);
        headers.add(Map.entry("Content-Type", format.contentType()));
        answerHeaders.addTo(request, (name, value) -> AnswerHeaders.add(headers, name, value));
        byte[] body = ForecastBody.of(lookup, acceptEncoding, (name, value) -> AnswerHeaders.add(headers, name, value));
        return new Answer(200, headers, body);
    }

    /** Whether the key may be used from the client's address; Jersey refuses and audits it when not. */
    private boolean fromAllowedAddress(ApiPrincipal caller, Ask ask) {
        return caller.allowedFrom().isEmpty() || caller.usableFrom(clientIps.resolve(ask.peer(), ask.forwardedFor()));
    }

    /**
     * For a JSON body of known, small length, the form of answer the client plainly asks for; empty for any
     * other request, and for an {@code Accept} header Jersey is to negotiate.
     */
    private Optional<ForecastFormat> readable(Ask ask) {
        if (ask.contentLength() < 0 || ask.contentLength() > maxBody || ask.contentType() == null) {
            return Optional.empty();
        }
        String type = ask.contentType().replace(" ", "").toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.equals("application/json;charset=utf-8")
                ? ForecastFormat.plainly(ask.accept()) : Optional.empty();
    }

    /** The request (every node at every horizon for an empty body or {@code null}); empty when Jersey should say what is wrong. */
    private Optional<PredictRequest> parsed(byte[] body) {
        if (body.length == 0) {
            return Optional.of(PredictRequest.ALL);
        }
        try {
            PredictRequest request = reader.readValue(body);
            return Optional.of(request == null ? PredictRequest.ALL : request);
        } catch (IOException | RuntimeException invalid) {
            return Optional.empty();
        }
    }
}
