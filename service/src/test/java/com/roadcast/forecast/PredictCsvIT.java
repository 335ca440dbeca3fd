package com.roadcast.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.TestApp;
import io.dropwizard.jackson.Jackson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code Accept: text/csv} on the predict endpoints: the same forecasts as the JSON answer, row for row and
 * digit for digit, with its own cache entry, the same headers, and errors still in the one JSON shape. A
 * plain {@code text/csv} on {@code /v1/predict} is served below Jersey, anything else through it.
 */
@Timeout(120)
class PredictCsvIT {
    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();
    private static final Pattern SPEED = Pattern.compile("\"speed_mph\":([^}]+)}");
    private static final int FROM = 1400;
    private static TestApp app;
    private static ApiClient client;
    private static ApiClient ingest;

    @BeforeAll
    static void start() {
        app = TestApp.start("rateLimits.tiers.test.predict", "10000", "rateLimits.tiers.test.nodes", "100",
                "rateLimits.tiers.test.ingest", "100");
        ingest = app.client(app.createKey("ingest", "internal"));
        client = app.client(app.createKey("read", "test"));
        assertThat(ingest.post("/v1/observations", LosLoop.batch(FROM, 12)).status()).isEqualTo(202);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void csvAnswersHoldTheJsonAnswersForecastsRowForRow() {
        for (String body : List.of("", "{\"horizons\":[3,12]}", "{\"nodes\":[\"773869\",\"767541\"],\"horizons\":[12,1,6]}",
                "{\"nodes\":[\"767541\"]}")) {
            HttpResponse<byte[]> csv = predict("/v1/predict", body, "text/csv", null);
            assertThat(csv.statusCode()).as(body).isEqualTo(200);
            assertThat(rows(csv.body())).as(body).isEqualTo(rows(json(predict("/v1/predict", body, null, null))));
        }
        HttpResponse<byte[]> node = predict("/v1/nodes/773869/predict", "{\"horizons\":[3,6,9,12]}", "text/csv", null);
        List<List<String>> rows = rows(node.body());
        assertThat(rows).hasSize(5).isEqualTo(rows(json(predict("/v1/nodes/773869/predict", "{\"horizons\":[3,6,9,12]}", null, null))));
        assertThat(rows.get(0)).containsExactly("node_id", "horizon", "minutes", "target_time", "speed_mph");
        assertThat(rows.get(1)).startsWith("773869", "3", "15");
        assertThat(rows(predict("/v1/predict", "", "text/csv", null).body())).as("every node at every horizon")
                .hasSize(1 + 207 * 12);
    }

    @Test
    void aCsvAnswerIsCachedUnderItsOwnKeyAndSaysSo() {
        assertThat(ingest.post("/v1/observations", LosLoop.batch(FROM + 12, 1)).status()).isEqualTo(202);
        String body = "{\"horizons\":[2,4]}";
        HttpResponse<byte[]> json = predict("/v1/predict", body, "application/json", null);
        assertThat(json.headers().firstValue("X-Cache")).hasValue("MISS");
        HttpResponse<byte[]> miss = predict("/v1/predict", body, "text/csv", null);
        assertThat(miss.headers().firstValue("X-Cache")).as("the JSON answer's entry is not the CSV's").hasValue("MISS");
        HttpResponse<byte[]> hit = predict("/v1/predict", body, "text/csv", null);
        assertThat(hit.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(hit.headers().firstValue("X-Cache-Level")).hasValue("LOCAL");
        assertThat(hit.body()).isEqualTo(miss.body());
        for (HttpResponse<byte[]> csv : List.of(miss, hit)) {
            assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
            assertThat(csv.headers().firstValue("Vary")).hasValue("Accept, Accept-Encoding");
            assertThat(csv.headers().firstValueAsLong("Content-Length")).hasValue(csv.body().length);
        }
        assertThat(Long.parseLong(hit.headers().firstValue("X-RateLimit-Remaining").orElseThrow()))
                .as("each CSV answer spends a permit of the predict budget")
                .isEqualTo(Long.parseLong(miss.headers().firstValue("X-RateLimit-Remaining").orElseThrow()) - 1);
        assertThat(json.headers().firstValue("Vary")).hasValue("Accept, Accept-Encoding");

        HttpResponse<byte[]> gzipped = predict("/v1/predict", body, "text/csv", "gzip");
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gunzip(gzipped.body())).isEqualTo(hit.body());
    }

    @Test
    void acceptIsNegotiatedWithJsonTheDefault() {
        String body = "{\"horizons\":[1],\"nodes\":[\"773869\"]}";
        for (String accept : List.of("text/csv;q=0.9", "application/json;q=0.5, text/csv", "text/html, text/csv",
                "text/*", "text/csv, application/json")) {
            HttpResponse<byte[]> answer = predict("/v1/predict", body, accept, null);
            assertThat(answer.statusCode()).as(accept).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).as(accept).hasValue("text/csv;charset=UTF-8");
        }
        for (String accept : List.of("*/*", "text/csv;q=0.5, application/json", "application/*", "text/html, */*;q=0.1")) {
            HttpResponse<byte[]> answer = predict("/v1/predict", body, accept, null);
            assertThat(answer.statusCode()).as(accept).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).as(accept).hasValue("application/json");
        }
        for (String path : List.of("/v1/predict", "/v1/nodes/773869/predict")) {
            JsonNode refused = error(predict(path, "{}", "text/html", null), 406);
            assertThat(refused.get("message").asText()).isEqualTo("only application/json or text/csv responses are available");
        }
    }

    @Test
    void errorsAskedForAsCsvAreStillTheJsonErrorShape() {
        assertThat(error(predict("/v1/predict", "{\"horizons\":[13]}", "text/csv", null), 422).get("message").asText())
                .contains("horizons[0] = 13");
        assertThat(error(predict("/v1/nodes/nope/predict", "{}", "text/csv", null), 404).get("message").asText())
                .contains("unknown node");
        assertThat(error(predict("/v1/predict", "{\"horizons\":[3", "text/csv", null), 400).get("code").asInt()).isEqualTo(400);
        assertThat(error(predict("/v1/predict", "{\"as_of\":\"2001-01-01T00:00:00-08:00\"}", "text/csv", null), 404)
                .get("message").asText()).contains("no forecast of record");
        ApiClient anonymous = app.client(null);
        HttpResponse<byte[]> noKey = anonymous.sendForBytes(anonymous.builder("/v1/predict").header("Accept", "text/csv")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(error(noKey, 401).get("code").asInt()).isEqualTo(401);
    }

    @Test
    void aPastWindowAnswersAsCsvAsItsForecastOfRecord() {
        String asOf = LosLoop.time(FROM + 11).toString();
        String body = "{\"as_of\":\"" + asOf + "\",\"horizons\":[6,12]}";
        Eventually.within(Duration.ofSeconds(20), () ->
                assertThat(predict("/v1/predict", body, null, null).statusCode()).isEqualTo(200));
        for (String path : List.of("/v1/predict", "/v1/nodes/767541/predict")) {
            HttpResponse<byte[]> csv = predict(path, body, "text/csv", null);
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("X-Cache")).hasValue("MISS");
            List<List<String>> rows = rows(csv.body());
            assertThat(rows).isEqualTo(rows(json(predict(path, body, null, null))));
            assertThat(OffsetDateTime.parse(rows.get(1).get(3)).toInstant()).isEqualTo(LosLoop.time(FROM + 17).toInstant());
        }
    }

    private static HttpResponse<byte[]> predict(String path, String body, String accept, String acceptEncoding) {
        HttpRequest.Builder request = client.builder(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return client.sendForBytes(request);
    }

    private static JsonNode error(HttpResponse<byte[]> answer, int status) {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        try {
            JsonNode error = MAPPER.readTree(answer.body());
            assertThat(error.get("code").asInt()).isEqualTo(status);
            assertThat(error.get("request_id").asText()).isNotBlank();
            return error;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CSV answer's cells, line by line, checking its CRLF line ends. */
    private static List<List<String>> rows(byte[] csv) {
        String text = new String(csv, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\r\n");
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.split("\r\n")) {
            assertThat(line).doesNotContain("\n", "\"");
            rows.add(List.of(line.split(",", -1)));
        }
        return rows;
    }

    /** The JSON answer as the CSV is to hold it: its header, then a row per forecast, the speed as the JSON writes it. */
    private static byte[] json(HttpResponse<byte[]> answer) {
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        String text = new String(answer.body(), StandardCharsets.UTF_8);
        Matcher speeds = SPEED.matcher(text);
        StringBuilder csv = new StringBuilder("node_id,horizon,minutes,target_time,speed_mph\r\n");
        try {
            for (JsonNode prediction : MAPPER.readTree(text).get("predictions")) {
                for (JsonNode forecast : prediction.get("forecasts")) {
                    assertThat(speeds.find()).isTrue();
                    csv.append(prediction.get("node_id").asText()).append(',').append(forecast.get("horizon").asInt())
                            .append(',').append(forecast.get("minutes").asInt()).append(',')
                            .append(forecast.get("target_time").asText()).append(',').append(speeds.group(1)).append("\r\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gunzip(byte[] body) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
