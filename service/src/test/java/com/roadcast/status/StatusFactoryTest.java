package com.roadcast.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code status:} is validated at start-up, and the page's policy lets images come from the tile server's
 * origin only when one is set: a template that could smuggle another directive into the policy is refused.
 */
class StatusFactoryTest {
    private final YamlConfigurationFactory<StatusFactory> factory = new YamlConfigurationFactory<>(StatusFactory.class,
            Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    private StatusFactory parse(String yaml) throws Exception {
        return factory.build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "status.yml");
    }

    @Test
    void withoutTilesThePageLoadsNothingButItsOwn() throws Exception {
        assertThat(parse("historyHours: 3\n").policy())
                .isEqualTo("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
                        + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    }

    @Test
    void aTileServerIsAllowedForImagesOnly() throws Exception {
        String policy = parse("tileUrl: https://tiles.example.org:8443/osm/{z}/{x}/{y}.png\n").policy();
        assertThat(policy).contains("img-src 'self' https://tiles.example.org:8443;")
                .contains("script-src 'self';", "connect-src 'self';");
    }

    @Test
    void refusesTemplatesThatAreNotPlainTileUrls() {
        for (String bad : new String[] {"tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org/{z}/{x}.png",
            "javascript:alert(1)//{z}{x}{y}", "\"https://t.example.org/{z}/{x}/{y}.png; script-src *\"",
            "https://t.example.org/{z}/{x}/{y}.png?a='b'"}) {
            assertThatThrownBy(() -> parse("tileUrl: " + bad + "\n")).as(bad)
                    .isInstanceOf(ConfigurationValidationException.class).hasMessageContaining("tileUrl");
        }
    }

    @Test
    void refusesHistoryAndListenerCountsOutsideTheirBounds() {
        assertThatThrownBy(() -> parse("historyHours: 0\n")).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("historyHours");
        assertThatThrownBy(() -> parse("historyHours: 25\n")).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("historyHours");
        assertThatThrownBy(() -> parse("maxListeners: 0\n")).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("maxListeners");
    }
}
