package com.roadcast.web;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/** The request id of the current thread's request, kept in the logging MDC so every log line has it. */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestIds() {}

    /** The id of the request being served, or a fresh one outside a request. */
    public static String current() {
        String id = MDC.get(MDC_KEY);
        return id != null ? id : newId();
    }

    /** The id of the request being served when there is one, else {@link #acceptOrCreate} of the caller's. */
    public static String currentOr(String offered) {
        String id = MDC.get(MDC_KEY);
        return id != null ? id : acceptOrCreate(offered);
    }

    /** Accepts a caller's id only when it is short and harmless to log and echo; else makes one. */
    public static String acceptOrCreate(String offered) {
        return offered != null && SAFE.matcher(offered).matches() ? offered : newId();
    }

    /**
     * A random (version 4) UUID from the thread's own generator: ids must be unique, not unguessable, and
     * {@link UUID#randomUUID()} serializes every request thread on one lock around the system's
     * SecureRandom (measured: the most contended monitor under load).
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & ~(0xCL << 60) | (0x8L << 60);
        return new UUID(high, low).toString();
    }
}
