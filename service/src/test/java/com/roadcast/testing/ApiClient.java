package com.roadcast.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client, as a user's would be: JSON in and out, the key in {@code X-API-Key}. */
public final class ApiClient {
    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String key;

    public ApiClient(URI base, String key) {
        this.base = base;
        this.key = key;
    }

    public ApiClient withKey(String otherKey) {
        return new ApiClient(base, otherKey);
    }

    /** A response: status, headers and the body parsed as JSON (or null when it isn't). */
    public record Reply(int status, HttpResponse<String> raw, JsonNode json) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Reply get(String path) {
        return send(builder(path).GET());
    }

    public Reply post(String path, Object body) {
        try {
            String json = body instanceof String s ? s : MAPPER.writeValueAsString(body);
            return send(builder(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Reply send(HttpRequest.Builder request) {
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = MAPPER.readTree(response.body());
        } catch (IOException notJson) {
            json = null;
        }
        return new Reply(response.statusCode(), response, json);
    }

    /** The response with its body as sent, byte for byte (compressed bodies stay compressed). */
    public HttpResponse<byte[]> sendForBytes(HttpRequest.Builder request) {
        return exchange(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * A request whose answer may be an endless stream: a refusal with its whole body, or a 200 with the
     * stream's first block (up to its first blank line), the stream then closed.
     */
    public Reply sendStreamHead(HttpRequest.Builder request) {
        HttpResponse<java.io.InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
        StringBuilder head = new StringBuilder();
        try (java.io.InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                head.append(new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            } else {
                while (!head.toString().endsWith("\n\n")) {
                    int c = body.read();
                    if (c < 0) {
                        break;
                    }
                    head.append((char) c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode json;
        try {
            json = response.statusCode() == 200 ? null : MAPPER.readTree(head.toString());
        } catch (IOException notJson) {
            json = null;
        }
        return new Reply(response.statusCode(), new Head(response, head.toString()), json);
    }

    /** A response with the part of its body that was read. */
    private record Head(HttpResponse<?> response, String body) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return response.statusCode();
        }

        @Override
        public HttpRequest request() {
            return response.request();
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return response.headers();
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return response.sslSession();
        }

        @Override
        public URI uri() {
            return response.uri();
        }

        @Override
        public HttpClient.Version version() {
            return response.version();
        }
    }

    private <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request.build(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder builder(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        return key == null ? builder : builder.header("X-API-Key", key);
    }
}
