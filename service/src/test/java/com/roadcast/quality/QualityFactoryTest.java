package com.roadcast.quality;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code quality:} is validated at start-up: stuckSteps 2..288, staleAfter 5 min..24 h. */
class QualityFactoryTest {
    private final ObjectMapper mapper = Jackson.newObjectMapper();
    private final YamlConfigurationFactory<QualityFactory> factory =
            new YamlConfigurationFactory<>(QualityFactory.class, Validators.newValidator(), mapper, "dw");

    private QualityFactory parse(String yaml) throws Exception {
        return factory.build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "quality.yml");
    }

    @Test
    void acceptsTheBounds() {
        assertThatCode(() -> parse("stuckSteps: 2\nstaleAfter: 5 minutes\n")).doesNotThrowAnyException();
        assertThatCode(() -> parse("stuckSteps: 288\nstaleAfter: 24 hours\n")).doesNotThrowAnyException();
    }

    @Test
    void refusesValuesOutsideThem() {
        assertThatThrownBy(() -> parse("stuckSteps: 1\n")).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("stuckSteps");
        assertThatThrownBy(() -> parse("stuckSteps: 289\n")).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("stuckSteps");
        assertThatThrownBy(() -> parse("staleAfter: 4 minutes\n")).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("staleAfter");
        assertThatThrownBy(() -> parse("staleAfter: 25 hours\n")).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("staleAfter");
    }
}
