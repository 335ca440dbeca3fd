package com.roadcast.webhook;

import com.roadcast.model.LoadedModel;
import com.roadcast.model.ModelRegistry;
import com.roadcast.web.Quote;
import com.roadcast.web.RequestRefused;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** What a new webhook must satisfy (422 naming the field otherwise), and its id and secret. */
final class WebhookRules {
    private static final double MAX_SPEED = 200;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final TargetPolicy targets;
    private final ModelRegistry models;
    private final Clock clock;

    WebhookRules(TargetPolicy targets, ModelRegistry models, Clock clock) {
        this.targets = targets;
        this.models = models;
        this.clock = clock;
    }

    Subscription subscription(@Nullable WebhookRequest request) {
        if (request == null) {
            throw RequestRefused.invalid("a JSON body with url, nodes and when is required");
        }
        String url = request.url();
        if (url == null || url.isBlank()) {
            throw RequestRefused.invalid("url is required");
        }
        targets.problem(url).ifPresent(problem -> {
            throw RequestRefused.invalid("url " + problem);
        });
        LoadedModel model = models.active();
        List<String> nodes = nodes(request.nodes(), model);
        Condition when = request.when();
        if (when == null) {
            throw RequestRefused.invalid("when is required: {\"speed_below_mph\":..,\"within_minutes\":..}");
        }
        Double speed = when.speedBelowMph();
        if (speed == null || !(speed > 0 && speed <= MAX_SPEED)) {
            throw RequestRefused.invalid("when.speed_below_mph must be above 0 and at most " + (int) MAX_SPEED);
        }
        long step = model.interval().toMinutes();
        long reach = step * model.horizons();
        Integer within = when.withinMinutes();
        if (within == null || within <= 0 || within % step != 0 || within > reach) {
            throw RequestRefused.invalid("when.within_minutes must be a positive multiple of " + step + " up to " + reach
                    + " (the model's " + model.horizons() + " horizons of " + step + " minutes)");
        }
        return new Subscription("wh_" + token(9), url, nodes, speed, within, "whsec_" + token(32), clock.instant());
    }

    private static List<String> nodes(@Nullable List<String> nodes, LoadedModel model) {
        if (nodes == null || nodes.isEmpty()) {
            throw RequestRefused.invalid("nodes must list at least one node id");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            String node = nodes.get(i);
            if (node == null || model.catalog().indexOf(node).isEmpty()) {
                throw RequestRefused.invalid("nodes[" + i + "] " + (node == null ? "null" : Quote.of(node))
                        + " is not a known node id");
            }
            if (!seen.add(node)) {
                throw RequestRefused.invalid("nodes[" + i + "] " + Quote.of(node) + " is listed twice");
            }
        }
        return List.copyOf(nodes);
    }

    private static String token(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
