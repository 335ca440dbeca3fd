package com.roadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.roadcast.testing.Repo;
import com.roadcast.web.AdminBinding;
import com.roadcast.web.WebSetup;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every shipped YAML parses and validates; unknown keys and invalid values fail start-up. */
class ConfigFilesTest {
    private final ObjectMapper mapper = Jackson.newObjectMapper();
    private final YamlConfigurationFactory<RoadcastConfiguration> factory;

    ConfigFilesTest() {
        WebSetup.configureMapper(mapper);
        factory = new YamlConfigurationFactory<>(RoadcastConfiguration.class, Validators.newValidator(), mapper, "dw");
    }

    private RoadcastConfiguration parse(Path file) throws Exception {
        ConfigurationSourceProvider provider = new SubstitutingSourceProvider(
                new FileConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false));
        return factory.build(provider, file.toString());
    }

    private RoadcastConfiguration parse(String yaml) throws Exception {
        return factory.build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "inline.yml");
    }

    @ParameterizedTest
    @ValueSource(strings = {"config.yml", "config-dev.yml", "config-prod.yml", "bench/config-bench.yml"})
    void shippedConfigsParseAndValidate(String name) throws Exception {
        Path file = Repo.file(name);
        assertThat(Files.exists(file)).isTrue();
        RoadcastConfiguration config = parse(file);
        assertThat(config.getModel().getBundle()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"config.yml", "config-dev.yml", "config-prod.yml", "bench/config-bench.yml"})
    void shippedConfigsKeepTheAdminPortOnLoopback(String name) throws Exception {
        RoadcastConfiguration config = parse(Repo.file(name));
        assertThat(AdminBinding.exposed(config.getServerFactory())).isEmpty();
        assertThat(config.isAdminOnNetwork()).isFalse();
    }

    @Test
    void anAdminConnectorWithoutBindHostIsOnTheNetwork() throws Exception {
        assertThat(AdminBinding.exposed(parse("model:\n  bundle: models\n").getServerFactory()))
                .containsExactly("server.adminConnectors[0] binds every interface (no bindHost)");
        assertThat(AdminBinding.exposed(parse("server:\n  type: simple\n  connector:\n    type: http\n"
                + "    bindHost: localhost\n    port: 8080\n").getServerFactory())).isEmpty();
    }

    @Test
    void embeddedDefaultNeedsNoRedis() throws Exception {
        assertThat(parse(Repo.file("config.yml")).getRedis().isEnabled()).isFalse();
    }

    @Test
    void apiDocsArePublicInDevelopmentAndAdminOnlyInProduction() throws Exception {
        assertThat(parse(Repo.file("config.yml")).getApi().isPublicDocs()).isTrue();
        assertThat(parse(Repo.file("config-dev.yml")).getApi().isPublicDocs()).isTrue();
        assertThat(parse(Repo.file("config-prod.yml")).getApi().isPublicDocs()).isFalse();
        assertThat(parse(Repo.file("config-prod.yml")).getApi().getDrainWait().toSeconds()).isEqualTo(6);
        assertThat(parse("model:\n  bundle: models\n").getApi().isPublicDocs()).as("off by default").isFalse();
    }

    @Test
    void unknownKeysFailStartUp() {
        assertThatThrownBy(() -> parse("model:\n  bundel: models\n"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("bundel");
    }

    @Test
    void duplicateKeysFailStartUpAsTheApplicationParses(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("twice.yml"),
                "api:\n  publicDocs: true\naudit:\n  file: audit.log\napi:\n  drainWait: 6s\n");
        assertThatThrownBy(() -> parsedByTheApplication(file))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("Duplicate field 'api'");
        Path nested = Files.writeString(dir.resolve("nested.yml"), "model:\n  bundle: models\n  bundle: other\n");
        assertThatThrownBy(() -> parsedByTheApplication(nested))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("Duplicate field 'bundle'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"config.yml", "config-dev.yml", "config-prod.yml", "bench/config-bench.yml"})
    void shippedConfigsParseAsTheApplicationParses(String name) throws Exception {
        assertThat(parsedByTheApplication(Repo.file(name)).getApi().getDrainWait()).isNotNull();
    }

    /** Parsed with the bootstrap {@link RoadcastApplication#initialize} sets up, as {@code server} does. */
    private static RoadcastConfiguration parsedByTheApplication(Path file) throws Exception {
        Bootstrap<RoadcastConfiguration> bootstrap = new Bootstrap<>(new RoadcastApplication());
        bootstrap.getApplication().initialize(bootstrap);
        return bootstrap.getConfigurationFactoryFactory()
                .create(RoadcastConfiguration.class, bootstrap.getValidatorFactory().getValidator(),
                        bootstrap.getObjectMapper(), "dw")
                .build(bootstrap.getConfigurationSourceProvider(), file.toString());
    }

    @Test
    void rateLimitAlgorithmIsFixedOrSlidingAndNothingElse() throws Exception {
        assertThat(parse("rateLimits:\n  algorithm: sliding\n").getRateLimits()).isNotNull();
        assertThat(parse("rateLimits:\n  algorithm: fixed\n").getRateLimits()).isNotNull();
        assertThatThrownBy(() -> parse("rateLimits:\n  algorithm: leaky\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("rateLimits.algorithm must be fixed or sliding, not 'leaky'");
    }

    @Test
    void invalidValuesFailStartUp() {
        assertThatThrownBy(() -> parse("observations:\n  maxItems: 0\n"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxItems");
        assertThatThrownBy(() -> parse("model:\n  intraOpThreads: 0\n"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("intraOpThreads");
    }
}
