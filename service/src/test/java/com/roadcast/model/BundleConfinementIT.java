package com.roadcast.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.ApiClient.Reply;
import com.roadcast.testing.RedisServer;
import com.roadcast.testing.Repo;
import com.roadcast.testing.TestApp;
import io.dropwizard.jackson.Jackson;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * {@code model-reload?path=} loads only from under {@code model.bundlesDir}: an absolute path outside, a
 * {@code ..} escape and a symlink pointing out are refused with an answer that tells nothing of the file,
 * the serving model unchanged; a bundle under bundlesDir still loads, and a path announced over Redis is
 * checked the same way.
 */
@Timeout(120)
class BundleConfinementIT {
    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();
    private static final String CONTENT = "CONTENT-THAT-MUST-NOT-LEAK";

    @RegisterExtension
    static final RedisServer.Extension REDIS = RedisServer.perClass();

    @TempDir
    static Path temp;
    private static Path bundlesDir;
    private static Path outside;
    private static TestApp app;
    private static String original;
    private static ApiClient client;

    @BeforeAll
    static void start() throws Exception {
        bundlesDir = Files.createDirectories(temp.resolve("bundles"));
        outside = bundle(temp.resolve("outside"), "outside-1");
        Files.writeString(Files.createDirectories(temp.resolve("secrets")).resolve("model.json"), CONTENT);
        app = TestApp.withRedis(REDIS.server(), temp.resolve("keys.json"), "model.bundlesDir", bundlesDir.toString());
        client = app.client(app.createKey("read", "internal"));
        original = version();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void pathsOutsideBundlesDirAreRefusedWithoutDetail() throws Exception {
        Path link = Files.createSymbolicLink(bundlesDir.resolve("link-out"), outside);
        List<String> refused = List.of(outside.toString(), temp.resolve("secrets").toString(),
                temp.resolve("nowhere").toString(), bundlesDir.resolve("../outside").toString(), "../secrets",
                link.toString(), "link-out", "/etc");
        String first = null;
        for (String path : refused) {
            Reply reply = reload(path);
            assertThat(reply.status()).as(path).isEqualTo(422);
            String message = reply.json().get("message").asText();
            assertThat(message).as(path).contains("bundle rejected", "see the service log", reply.json().get("request_id").asText());
            assertThat(reply.raw().body()).as(path).doesNotContain(CONTENT, "outside", "secrets", "nowhere", "/etc",
                    "exist", "directory", "json", temp.toString());
            String generic = message.replace(reply.json().get("request_id").asText(), "ID");
            first = first == null ? generic : first;
            assertThat(generic).as("the same answer whatever the path").isEqualTo(first);
            assertThat(version()).as(path).isEqualTo(original);
        }
    }

    @Test
    void aBundleUnderBundlesDirStillLoadsAndAnAnnouncedPathOutsideIsRefused() throws Exception {
        bundle(bundlesDir.resolve("good"), "confined-2");
        Reply loaded = reload("good");
        assertThat(loaded.status()).as(loaded.raw().body()).isEqualTo(200);
        assertThat(version()).isEqualTo("confined-2");

        try (Jedis jedis = REDIS.server().operator(2000)) {
            jedis.publish("roadcast:events", "another-instance|model-reload|" + outside);
        }
        TimeUnit.MILLISECONDS.sleep(1500); // kept: nothing to wait for when the announcement is (rightly) ignored
        assertThat(version()).as("an announced path outside bundlesDir is not loaded").isEqualTo("confined-2");

        assertThat(reload(null).status()).as("the configured bundle").isEqualTo(200);
        assertThat(version()).isEqualTo(original);
    }

    private static String version() {
        return client.get("/v1/model").json().get("version").asText();
    }

    private static Reply reload(String path) {
        ApiClient admin = app.adminClient();
        String query = path == null ? "" : "?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8);
        return admin.send(admin.builder("/tasks/model-reload" + query).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** A copy of the shipped bundle with another version. */
    private static Path bundle(Path dir, String version) throws Exception {
        Files.createDirectories(dir);
        Files.copy(Repo.file("models/model.onnx"), dir.resolve("model.onnx"));
        ObjectNode meta = (ObjectNode) MAPPER.readTree(Repo.file("models/model.json").toFile());
        meta.put("version", version);
        MAPPER.writeValue(dir.resolve("model.json").toFile(), meta);
        return dir;
    }
}
