package com.roadcast.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.ApiClient.Reply;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.Repo;
import com.roadcast.testing.TestApp;
import io.dropwizard.jackson.Jackson;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad bundles sent to {@code model-reload?path=} while clients forecast: garbage bytes, a truncated graph,
 * a graph of other dimensions and one whose every forecast is NaN, each with a checksum that matches (so
 * the loader's deeper checks are what stops them). Each is refused with the JSON error shape (the reason
 * in the audit trail and the log, not in the answer), the serving
 * model keeps answering exactly as before, and no client request fails.
 */
@Timeout(180)
class BadBundleIT {
    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();
    private static final Map<String, Object> REQUEST = Map.of("horizons", List.of(1, 6, 12));
    private static TestApp app;
    private static ApiClient client;

    @TempDir
    static Path temp;

    @BeforeAll
    static void start() {
        app = TestApp.start("model.bundlesDir", temp.toString());
        client = app.client(app.createKey("admin", "internal"));
        assertThat(client.post("/v1/observations", LosLoop.batch(1450, 12)).status()).isEqualTo(202);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void badBundlesAreRefusedWhileTheServingModelAnswersEveryRequest() throws Exception {
        byte[] shipped = Files.readAllBytes(Repo.file("models/model.onnx"));
        byte[] garbage = new byte[shipped.length];
        new Random(7).nextBytes(garbage);
        Map<String, Bundle> bundles = Map.of(
                "corrupt", new Bundle(bundle("corrupt", garbage), "ONNX Runtime rejects"),
                "truncated", new Bundle(bundle("truncated", Arrays.copyOf(shipped, shipped.length / 3)), "ONNX Runtime rejects"),
                "wrong-shaped", new Bundle(bundle("wrong-shaped", generated("wrong-shape")), "tensor 'speed' has shape"),
                "nan", new Bundle(bundle("nan", generated("nan")), "implausible speed NaN"));
        String servingVersion = client.get("/v1/model").json().get("version").asText();
        JsonNode before = client.post("/v1/predict", REQUEST).json().get("predictions");

        Load load = new Load(3, 20_000, 200, n -> client.post("/v1/predict", Map.of("horizons", List.of(1 + n % 12))));
        Load.Summary seen;
        long slowestRejectionMs = 0;
        int refused = 0;
        try {
            TimeUnit.MILLISECONDS.sleep(500); // kept: the clients' load runs a while before the first bad reload
            for (int round = 0; round < 3; round++) {
                for (Map.Entry<String, Bundle> bad : bundles.entrySet()) {
                    slowestRejectionMs = Math.max(slowestRejectionMs, refused(bad.getKey(), bad.getValue(), servingVersion));
                    refused++;
                }
            }
        } finally {
            seen = load.stop();
        }
        System.out.printf("RELIABILITY bad-bundles: %d reloads of %d bad bundles refused (slowest %d ms); "
                + "%d requests %s, %d failed%n", refused, bundles.size(), slowestRejectionMs, seen.requests(), seen.statuses(), seen.failures().size());
        assertThat(seen.failures()).as("failed requests out of %d", seen.requests()).isEmpty();
        assertThat(seen.count(200)).isPositive();
        Reply after = client.post("/v1/predict", REQUEST);
        assertThat(after.json().at("/model/version").asText()).isEqualTo(servingVersion);
        assertThat(after.json().get("predictions")).isEqualTo(before);
    }

    private record Bundle(Path dir, String reason) {}

    /** Sends the bundle to model-reload: refused in the error shape, the serving model unchanged; the time taken. */
    private static long refused(String name, Bundle bundle, String servingVersion) {
        long start = System.nanoTime();
        Reply rejected = reload(bundle.dir());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(rejected.status()).as(name).isEqualTo(422);
        assertThat(rejected.json()).as(name + ": " + rejected.raw().body()).isNotNull();
        assertThat(rejected.json().get("code").asInt()).isEqualTo(422);
        assertThat(rejected.json().get("request_id").asText()).isNotBlank();
        assertThat(rejected.json().get("message").asText()).as(name)
                .contains("current model keeps serving").doesNotContain(bundle.reason());
        assertThat(audit()).as(name + ": the reason is the operator's, in the audit trail")
                .contains(rejected.json().get("request_id").asText()).contains(bundle.reason());
        assertThat(rejected.raw().body().strip()).startsWith("{").endsWith("}").doesNotContain("at com.", "at ai.");
        assertThat(client.get("/v1/model").json().get("version").asText()).isEqualTo(servingVersion);
        return millis;
    }

    private static String audit() {
        try {
            return Files.readString(app.auditLog());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Reply reload(Path dir) {
        ApiClient admin = app.adminClient();
        String path = URLEncoder.encode(dir.toString(), StandardCharsets.UTF_8);
        return admin.send(admin.builder("/tasks/model-reload?path=" + path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** A graph from the test helper script (python3-onnx), with the shipped bundle's dimensions. */
    private static byte[] generated(String kind) throws Exception {
        JsonNode meta = MAPPER.readTree(Repo.file("models/model.json").toFile());
        Path out = temp.resolve(kind + ".onnx");
        Process python = new ProcessBuilder("/usr/bin/python3",
                Repo.file("service/src/test/resources/bundles/make_onnx.py").toString(), kind, out.toString(),
                meta.get("input_steps").asText(), meta.get("output_steps").asText(),
                Integer.toString(meta.get("nodes").size()))
                .redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as("make_onnx.py " + kind + ": " + output).isZero();
        return Files.readAllBytes(out);
    }

    /** The shipped metadata around {@code onnx}, with a new version and the checksum of these bytes. */
    private static Path bundle(String name, byte[] onnx) throws Exception {
        Path dir = Files.createDirectories(temp.resolve(name));
        Files.write(dir.resolve("model.onnx"), onnx);
        ObjectNode meta = (ObjectNode) MAPPER.readTree(Repo.file("models/model.json").toFile());
        meta.put("version", "bad-" + name);
        meta.put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(onnx)));
        MAPPER.writeValue(dir.resolve("model.json").toFile(), meta);
        return dir;
    }
}
