package com.roadcast.openapi;

import com.roadcast.ratelimit.EndpointClass;
import com.roadcast.ratelimit.RateLimitFactory;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The document's front page: what the API is, how keys, roles and tiers work (the tier table is this
 * instance's {@code rateLimits} configuration), the error shape and the cache; and the operation groups.
 */
final class ContractInfo {
    private static final String DESCRIPTION = """
            Traffic-speed forecasts for a network of road sensors. Sensors report speeds once per step; the
            model bundle sets the step length, the window and the horizons (`GET /v1/model`). The shipped
            Los-loop model turns the latest hour of readings (12 steps of 5 minutes) into forecasts up to an hour
            ahead (horizons 1..12) for every sensor. Node ids are the sensor ids, as strings.

            ## Keys
            Every request under `/v1` needs an API key in the `X-API-Key` header (never in the URL). Keys are
            issued by the operator and shown once. `/health/*` is public.

            A key made with `keys create --require-signature` also needs every request signed:
            `Roadcast-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(key, "<t>.<METHOD>.<path?query>.<body>")>`,
            the HMAC keyed with the API key itself, over the path and query exactly as sent and the raw body (empty
            without one). A signature is accepted once, within 300 s after `t` (and at most 30 s before it); a
            missing, malformed, expired, mismatched or reused one gets 401 and counts as a failed authentication.
            Other keys need no signature, and one sent with them is ignored.

            ## Roles
            Each key has one role; roles nest, and a key whose role is too low gets 403.

            | role | may |
            | --- | --- |
            | `read` | forecasts, nodes, the model |
            | `ingest` | what `read` may, and post observations |
            | `admin` | everything |

            ## Tiers and rate limits
            Each key has a tier, which sets its budget per %d-second window for each endpoint class; a request
            spends only its own class's budget: `predict` (both predict operations), `nodes` (nodes and the model),
            `ingest` (observations).

            | tier | predict | nodes | ingest |
            | --- | --- | --- | --- |
            %s

            Limited responses carry `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` (seconds)
            and the IETF `RateLimit` and `RateLimit-Policy`; a 429 carries `Retry-After`. After %d failed
            authentications from one address (IPv6: one /64) in a window, its missing or wrong keys get 429
            until the window ends; a valid key is always admitted.

            ## Errors
            Every error has one JSON shape, `{"code":422,"message":"...","request_id":"..."}`: `code` repeats the
            HTTP status, `message` says what is wrong (naming the offending item), `request_id` matches the
            `X-Request-Id` header. Never a stack trace.

            ## Cache
            Forecasts are cached (15 minutes by default) per model, data window and request; new data or a new
            model never serves an old answer. `cache_hit` in the body and the `X-Cache` and `X-Cache-Level`
            headers say whether the answer was computed.
            """;

    private ContractInfo() {}

    static Info info(RateLimitFactory limits) {
        return new Info()
                .title("Roadcast API")
                .version("1.0.0")
                .description(DESCRIPTION.formatted(limits.window().toSeconds(), tierRows(limits), limits.failedAuthPerIp()));
    }

    static List<Tag> tags() {
        return List.of(
                new Tag().name("forecasts").description("Speed forecasts for nodes and horizons"),
                new Tag().name("nodes").description("The sensors and their latest readings"),
                new Tag().name("observations").description("Feeding the observation window"),
                new Tag().name("model").description("The serving model"),
                new Tag().name("webhooks").description("Congestion forecasts pushed to your URL (admin keys)"),
                new Tag().name("health").description("Public probes for load balancers"));
    }

    /** Limited tiers by budget, then the unlimited ones by name. */
    private static String tierRows(RateLimitFactory limits) {
        return limits.knownTiers().stream()
                .sorted(Comparator.comparing((String tier) -> limits.limit(tier, EndpointClass.PREDICT).orElse(Long.MAX_VALUE))
                        .thenComparing(Comparator.naturalOrder()))
                .map(tier -> "| `" + tier + "` | " + List.of(EndpointClass.values()).stream()
                        .map(endpoint -> limits.limit(tier, endpoint).map(String::valueOf).orElse("unlimited"))
                        .collect(Collectors.joining(" | ")) + " |")
                .collect(Collectors.joining("\n"));
    }
}
