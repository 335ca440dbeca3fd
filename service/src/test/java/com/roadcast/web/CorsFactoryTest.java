package com.roadcast.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code api.cors.allowedOrigins} takes exact origins only, as a browser sends them. */
class CorsFactoryTest {

    @Test
    void exactOriginsAreAccepted() {
        assertThat(problems(List.of("https://app.example.com", "http://localhost:3000", "https://[::1]:8443",
                "http://10.0.0.7"))).isEmpty();
    }

    @Test
    void anythingButAnExactOriginIsRefused() {
        for (String origin : List.of("*", "null", "https://app.example.com/", "https://app.example.com/path",
                "https://*.example.com", "https://APP.example.com", "app.example.com", "ftp://app.example.com",
                "https://app.example.com?x=1", "https://user@app.example.com", "")) {
            assertThat(problems(List.of(origin))).as(origin).singleElement().asString().contains("exact origin");
        }
    }

    private static List<String> problems(List<String> origins) {
        CorsFactory factory = Jackson.newObjectMapper().convertValue(Map.of("allowedOrigins", origins), CorsFactory.class);
        return Validators.newValidator().validate(factory).stream().map(v -> v.getPropertyPath() + " " + v.getMessage())
                .toList();
    }
}
