package com.roadcast.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.TestApp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cached answers reach gzip clients compressed, from the cache entry, and decompress to the plain answer. */
@Timeout(120)
class ForecastBodyIT {
    private static final String ALL_NODES = "{\"horizons\":[3,6,9,12]}";

    private static HttpResponse<byte[]> predict(ApiClient client, String acceptEncoding) {
        HttpRequest.Builder request = client.builder("/v1/predict").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ALL_NODES));
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return client.sendForBytes(request);
    }

    private static byte[] gunzip(byte[] body) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aHitForAGzipClientIsTheCachedAnswerCompressedAndOthersGetPlainBytes() throws Exception {
        try (TestApp app = TestApp.start()) {
            ApiClient client = app.client(app.createKey("ingest", "internal"));
            assertThat(client.post("/v1/observations", LosLoop.batch(1400, 12)).status()).isEqualTo(202);

            HttpResponse<byte[]> miss = predict(client, "gzip");
            assertThat(miss.headers().firstValue("X-Cache")).hasValue("MISS");
            byte[] missBody = miss.headers().firstValue("Content-Encoding").isPresent() ? gunzip(miss.body()) : miss.body();
            assertThat(new String(missBody)).contains("\"cache_hit\":false");

            HttpResponse<byte[]> plain = predict(client, null);
            assertThat(plain.headers().firstValue("X-Cache")).hasValue("HIT");
            assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(plain.headers().firstValue("Vary")).hasValue("Accept, Accept-Encoding");
            assertThat(new String(plain.body())).contains("\"cache_hit\":true");

            HttpResponse<byte[]> gzipped = predict(client, "br;q=1.0, gzip;q=0.8");
            assertThat(gzipped.statusCode()).isEqualTo(200);
            assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
            assertThat(gzipped.body().length).as("compressed").isLessThan(plain.body().length / 3);
            assertThat(gunzip(gzipped.body())).isEqualTo(plain.body());
            assertThat(predict(client, "gzip").body()).as("the same cached bytes again").isEqualTo(gzipped.body());

            for (HttpResponse<byte[]> whole : java.util.List.of(plain, gzipped)) {
                assertThat(whole.headers().firstValue("Transfer-Encoding")).as("never chunked").isEmpty();
                assertThat(whole.headers().firstValueAsLong("Content-Length")).as("the whole answer's length")
                        .hasValue(whole.body().length);
            }

            HttpResponse<byte[]> refused = predict(client, "gzip;q=0, identity");
            assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(refused.body()).isEqualTo(plain.body());
        }
    }

    @Test
    void acceptEncodingIsReadAsTheStandardSays() {
        assertThat(ForecastBody.acceptsGzip("gzip, deflate, br")).isTrue();
        assertThat(ForecastBody.acceptsGzip("GZIP")).isTrue();
        assertThat(ForecastBody.acceptsGzip("*")).isTrue();
        assertThat(ForecastBody.acceptsGzip("gzip; q=0.5")).isTrue();
        assertThat(ForecastBody.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(ForecastBody.acceptsGzip("gzip;q=0.000")).isFalse();
        assertThat(ForecastBody.acceptsGzip("identity")).isFalse();
        assertThat(ForecastBody.acceptsGzip("x-gzip2")).isFalse();
        assertThat(ForecastBody.acceptsGzip(null)).isFalse();
    }
}
