package com.roadcast.auth;

import com.roadcast.redis.RedisLink;
import com.roadcast.web.HmacSha256;
import com.roadcast.web.RequestAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Signed requests, for keys made with {@code keys create --require-signature}: each request carries
 * {@code Roadcast-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(key, "<t>.<METHOD>.<target>.<body>")>}
 * ({@link SignedContent}), where the HMAC key is the API key the request presents, as {@code keys create}
 * printed it (the server keeps only its hash). A signature is accepted once ({@link SeenSignatures}), when
 * {@code t} is at most {@link #MAX_AGE} old and at most {@link #MAX_AHEAD} ahead of this server's clock.
 * The verdict is kept with the request ({@link #checkOnce}), so whichever request path checks first, the
 * other finds it and a good signature is not taken for its own replay (docs/decisions/0018).
 */
public final class RequestSigning {
    public static final String HEADER = "Roadcast-Signature";
    static final Duration MAX_AGE = Duration.ofMinutes(5);
    static final Duration MAX_AHEAD = Duration.ofSeconds(30);
    private static final String VERDICT = RequestSigning.class.getName() + ".verdict";
    private final SeenSignatures seen;
    private final Clock clock;

    /** Why a request's signature is refused; each answered 401 with its own message. */
    public enum Failure {
        MISSING("missing Roadcast-Signature header: this API key requires signed requests"),
        MALFORMED("malformed Roadcast-Signature header: expected t=<unix seconds>,v1=<64 hex digits>"),
        STALE("Roadcast-Signature expired: its time t is more than " + MAX_AGE.toSeconds() + " s ago"),
        AHEAD("Roadcast-Signature time t is more than " + MAX_AHEAD.toSeconds() + " s ahead of the server's clock"),
        MISMATCH("Roadcast-Signature does not match this request (its time, method, path and query, and body)"
                + " signed with this API key"),
        REPLAYED("Roadcast-Signature already used: sign every request anew");

        private final String message;

        Failure(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    /** Reads what the signature covers; only once the cheap checks passed. */
    public interface Content<E extends Exception> {
        SignedContent read() throws E;
    }

    private record Verdict(Optional<Failure> failure) {}

    RequestSigning(SeenSignatures seen, Clock clock) {
        this.seen = seen;
        this.clock = clock;
    }

    /**
     * Signatures remembered in Redis when there is one, else in this process; each for as long as it could
     * be accepted, plus {@link #MAX_AHEAD} for instances whose clocks differ by that much.
     */
    static RequestSigning of(RedisLink redis, Clock clock) {
        Duration longest = MAX_AGE.plus(MAX_AHEAD).plus(MAX_AHEAD);
        return new RequestSigning(new SeenSignatures(redis.guard(), redis.keyPrefix(), longest), clock);
    }

    /**
     * Why this request's signature is refused (empty: accepted): the verdict already reached for the request,
     * else one reached now and kept with it.
     *
     * @throws E when what the signature covers could not be read (the body broke off)
     */
    public <E extends Exception> Optional<Failure> checkOnce(RequestAttributes request, String token,
            @Nullable String header, Content<E> content) throws E {
        if (request.get(VERDICT) instanceof Verdict made) {
            return made.failure();
        }
        Optional<Failure> failure = check(token, header, content);
        request.set(VERDICT, new Verdict(failure));
        return failure;
    }

    private <E extends Exception> Optional<Failure> check(String token, @Nullable String header, Content<E> content)
            throws E {
        if (header == null || header.isBlank()) {
            return Optional.of(Failure.MISSING);
        }
        Optional<SignatureHeader> signature = SignatureHeader.parse(header);
        if (signature.isEmpty()) {
            return Optional.of(Failure.MALFORMED);
        }
        long t = signature.get().timestamp();
        long now = clock.instant().getEpochSecond();
        if (now - t > MAX_AGE.toSeconds()) {
            return Optional.of(Failure.STALE);
        }
        if (t - now > MAX_AHEAD.toSeconds()) {
            return Optional.of(Failure.AHEAD);
        }
        if (!HmacSha256.same(content.read().sign(token, t), signature.get().v1())) {
            return Optional.of(Failure.MISMATCH);
        }
        String id = KeyTokens.idOf(token).orElse("") + ":" + signature.get().v1();
        Duration acceptable = Duration.ofSeconds(t + MAX_AGE.toSeconds() + MAX_AHEAD.toSeconds() - now);
        return seen.firstUse(id, acceptable) ? Optional.empty() : Optional.of(Failure.REPLAYED);
    }
}
