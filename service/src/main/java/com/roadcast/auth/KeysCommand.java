package com.roadcast.auth;

import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.time.Clock;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import net.sourceforge.argparse4j.inf.Subparsers;

/**
 * {@code keys create --name N --tier T [--role R] CONFIG} (prints the new key once, as the last line),
 * {@code keys list CONFIG} (never secrets) and {@code keys revoke --id ID CONFIG}.
 */
public final class KeysCommand<T extends Configuration & HasAuth> extends ConfiguredCommand<T> {
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
        addFileArgument(create);
        addFileArgument(actions.addParser("list").help("list keys (never their secrets)"));
        Subparser revoke = actions.addParser("revoke").help("revoke a key at once, everywhere");
        revoke.addArgument("--id").required(true).help("the key id (the part after rc_)");
        addFileArgument(revoke);
    }

    @Override
    protected void run(Bootstrap<T> bootstrap, Namespace namespace, T configuration) {
        AuthFactory auth = configuration.getAuth();
        ApiKeyStore store = auth.store(Clock.systemUTC());
        switch (namespace.getString("action")) {
            case "create" -> create(store, auth, namespace);
            case "list" -> store.list().forEach(key -> System.out.printf("%s  %-20s %-10s %-7s created %s%s%n",
                    key.id(), key.name(), key.tier(), key.role().id(), key.createdAt(),
                    key.active() ? "" : "  REVOKED " + key.revokedAt()));
            case "revoke" -> System.out.println(store.revoke(namespace.getString("id"))
                    ? "Revoked " + namespace.getString("id") + " in " + store.describe()
                    : "No active key " + namespace.getString("id") + " in " + store.describe());
            default -> throw new IllegalArgumentException("unknown action " + namespace.getString("action"));
        }
    }

    private static void create(ApiKeyStore store, AuthFactory auth, Namespace namespace) {
        String tier = namespace.getString("tier");
        if (!auth.getTiers().contains(tier)) {
            throw new IllegalArgumentException("unknown tier '" + tier + "': use one of " + auth.getTiers());
        }
        Role role = Role.parse(namespace.getString("role")).orElseThrow(() ->
                new IllegalArgumentException("unknown role '" + namespace.getString("role") + "': use read, ingest or admin"));
        ApiKeyStore.Created created = store.create(namespace.getString("name"), tier, role);
        System.out.println("Created key " + created.key().id() + " (" + tier + ", " + role.id() + ") in "
                + store.describe() + ". It is shown once:");
        System.out.println(created.token());
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        cli.getStdErr().println("keys: " + e.getMessage());
    }
}
