package com.roadcast.auth;

import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import com.roadcast.audit.Audit;
import com.roadcast.redis.RedisFactory;
import com.roadcast.redis.RedisEvents;
import com.roadcast.redis.RedisGuard;
import com.roadcast.redis.RedisLink;
import io.dropwizard.util.Duration;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import net.sourceforge.argparse4j.inf.Subparsers;

/**
 * {@code keys create --name N --tier T [--role R] [--allow-cidr CIDR]... [--require-signature] CONFIG}
 * (prints the new key once, as the last line; with {@code --allow-cidr} the key works only from those
 * IPv4/IPv6 blocks; with {@code --require-signature} only on signed requests, {@link RequestSigning}),
 * {@code keys list CONFIG} (never secrets; flags signed-only keys), {@code keys rotate --id ID [--grace 24h] CONFIG} (prints the
 * new key once; the old one works for the grace period) and {@code keys revoke --id ID CONFIG}. With
 * {@code redis.url} set they act on the Redis key store every instance shares.
 */
public final class KeysCommand<T extends Configuration & KeysConfiguration> extends ConfiguredCommand<T> {
    private final Class<T> configurationClass;

    public KeysCommand(Class<T> configurationClass) {
        super("keys", "Create, list and revoke API keys");
        this.configurationClass = configurationClass;
    }

    @Override
    protected Class<T> getConfigurationClass() {
        return configurationClass;
    }

    @Override
    public void configure(Subparser subparser) {
        Subparsers actions = subparser.addSubparsers().dest("action").title("actions");
        Subparser create = actions.addParser("create").help("create a key and print it once");
        create.addArgument("--name").required(true).help("who or what the key is for");
        create.addArgument("--tier").required(true).help("rate-limit tier, e.g. free, standard, premium, internal");
        create.addArgument("--role").setDefault("read").help("read, ingest or admin (default read)");
        create.addArgument("--allow-cidr").dest("allow_cidr").action(Arguments.append()).metavar("CIDR")
                .help("an address block (IPv4 or IPv6, e.g. 203.0.113.0/24) the key may be used from; repeatable;"
                        + " without it the key works from anywhere");
        create.addArgument("--require-signature").dest("require_signature").action(Arguments.storeTrue())
                .help("every request with the key must carry a fresh Roadcast-Signature (HMAC-SHA256 with the key"
                        + " of its time, method, path and query, and body); each signature is accepted once");
        addFileArgument(create);
        addFileArgument(actions.addParser("list").help("list keys (never their secrets)"));
        Subparser rotate = actions.addParser("rotate").help("give a key a new secret; the old one works for a grace period");
        rotate.addArgument("--id").required(true).help("the key id (the part after rc_)");
        rotate.addArgument("--grace").setDefault("24 hours").help("how long the old secret keeps working (default 24 hours)");
        addFileArgument(rotate);
        Subparser revoke = actions.addParser("revoke").help("revoke a key at once, everywhere");
        revoke.addArgument("--id").required(true).help("the key id (the part after rc_)");
        addFileArgument(revoke);
    }

    @Override
    protected void run(Bootstrap<T> bootstrap, Namespace namespace, T configuration) {
        configuration.getAudit().start();
        RedisFactory redisConfig = configuration.getRedis();
        Optional<RedisGuard> redis = redisConfig.isEnabled() ? Optional.of(redisConfig.connect(Clock.systemUTC())) : Optional.empty();
        try {
            String prefix = redisConfig.getKeyPrefix();
            RedisLink link = redis.map(guard -> new RedisLink(redis, prefix, Optional.of(new RedisEvents(guard, prefix))))
                    .orElse(RedisLink.embedded(prefix));
            act(configuration.getAuth().store(link, Clock.systemUTC()), configuration, namespace);
        } finally {
            redis.ifPresent(RedisGuard::close);
        }
    }

    private static void act(ApiKeyStore store, KeysConfiguration configuration, Namespace namespace) {
        switch (namespace.getString("action")) {
            case "create" -> create(store, configuration.getRateLimits().knownTiers(), namespace);
            case "rotate" -> rotate(store, namespace.getString("id"), namespace.getString("grace"));
            case "list" -> store.list().forEach(key -> System.out.printf("%s  %-20s %-10s %-7s created %s%s%s%s%n",
                    key.id(), key.name(), key.tier(), key.role().id(), key.createdAt(),
                    key.allowCidrs() == null ? "" : "  from " + String.join(",", key.allowCidrs()),
                    key.signatureRequired() ? "  signed requests only" : "",
                    key.active() ? "" : "  REVOKED " + key.revokedAt()));
            case "revoke" -> revoke(store, namespace.getString("id"));
            default -> throw new IllegalArgumentException("unknown action " + namespace.getString("action"));
        }
    }

    private static void create(ApiKeyStore store, Set<String> tiers, Namespace namespace) {
        String tier = namespace.getString("tier");
        if (!tiers.contains(tier)) {
            throw new IllegalArgumentException("unknown tier '" + tier + "': use one of " + tiers);
        }
        Role role = Role.parse(namespace.getString("role")).orElseThrow(() ->
                new IllegalArgumentException("unknown role '" + namespace.getString("role") + "': use read, ingest or admin"));
        List<String> cidrs = namespace.getList("allow_cidr") == null ? List.of() : namespace.<String>getList("allow_cidr");
        boolean signed = namespace.getBoolean("require_signature");
        ApiKeyStore.Created created = store.create(namespace.getString("name"), tier, role, new KeyOptions(cidrs, signed));
        String from = cidrs.isEmpty() ? "" : ", only from " + String.join(",", created.key().allowCidrs());
        System.out.println("Created key " + created.key().id() + " (" + tier + ", " + role.id() + from
                + (signed ? ", signed requests only" : "") + ") in " + store.describe() + ". It is shown once:");
        Audit.record("key-create", "ok", "key_id", created.key().id(), "name", created.key().name(), "tier", tier,
                "role", role.id(), "allow_cidrs", created.key().allowCidrs(), "require_signature", signed);
        System.out.println(created.token());
    }

    private static void rotate(ApiKeyStore store, String id, String grace) {
        java.time.Duration period = Duration.parse(grace).toJavaDuration();
        Optional<ApiKeyStore.Created> rotated = store.rotate(id, period);
        Audit.record("key-rotate", rotated.isPresent() ? "ok" : "no-such-key", "key_id", id, "grace", grace);
        if (rotated.isEmpty()) {
            throw new IllegalArgumentException("no active key " + id + " in " + store.describe());
        }
        System.out.println("Rotated key " + id + "; the old secret works until "
                + rotated.get().key().previousValidUntil() + ". The new key is shown once:");
        System.out.println(rotated.get().token());
    }

    private static void revoke(ApiKeyStore store, String id) {
        boolean revoked = store.revoke(id);
        Audit.record("key-revoke", revoked ? "ok" : "no-such-key", "key_id", id);
        System.out.println((revoked ? "Revoked " : "No active key ") + id + " in " + store.describe());
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        cli.getStdErr().println("keys: " + e.getMessage());
    }
}
