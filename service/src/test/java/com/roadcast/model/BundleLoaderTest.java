package com.roadcast.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.roadcast.testing.Repo;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped bundle through real ONNX Runtime, and the ways a bundle can be wrong. */
class BundleLoaderTest {
    private final ObjectMapper mapper = Jackson.newObjectMapper();
    private final BundleLoader loader = new BundleLoader(mapper, 1, Clock.systemUTC());

    @TempDir
    Path temp;

    @Test
    void shippedBundleLoadsAndForecastsPlausibleSpeedsForEveryNode() throws Exception {
        LoadedModel model = loader.load(Repo.file("models"));
        try {
            assertThat(model.catalog().size()).isEqualTo(207);
            assertThat(model.inputSteps()).isEqualTo(12);
            assertThat(model.horizons()).isEqualTo(12);
            assertThat(model.catalog().indexOf("773869")).hasValue(0);
            float[] window = new float[12 * 207];
            Arrays.fill(window, 60f);
            float[] out = model.forecast(window, 14 / 24f, 1);
            assertThat(out).hasSize(12 * 207);
            for (float v : out) {
                assertThat(v).isFinite().isBetween(0f, 100f);
            }
        } finally {
            model.retire();
        }
    }

    @Test
    void rejectsAChecksumMismatch() throws Exception {
        Path bundle = copyBundle(meta -> meta.put("sha256", "00".repeat(32)));
        assertThatThrownBy(() -> loader.load(bundle)).isInstanceOf(InvalidBundleException.class).hasMessageContaining("checksum mismatch");
    }

    @Test
    void rejectsACorruptModelFileEvenWithAMatchingChecksum() throws Exception {
        Path bundle = copyBundle(meta -> { });
        byte[] onnx = Files.readAllBytes(bundle.resolve("model.onnx"));
        byte[] truncated = Arrays.copyOf(onnx, onnx.length / 2);
        Files.write(bundle.resolve("model.onnx"), truncated);
        ObjectNode meta = (ObjectNode) mapper.readTree(bundle.resolve("model.json").toFile());
        meta.put("sha256", java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(truncated)));
        mapper.writeValue(bundle.resolve("model.json").toFile(), meta);
        assertThatThrownBy(() -> loader.load(bundle)).isInstanceOf(InvalidBundleException.class).hasMessageContaining("ONNX Runtime rejects");
    }

    @Test
    void rejectsACatalogThatDoesNotMatchTheGraph() throws Exception {
        Path bundle = copyBundle(meta -> ((ArrayNode) meta.get("nodes")).remove(0));
        assertThatThrownBy(() -> loader.load(bundle)).isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("tensor 'speed' has shape");
    }

    @Test
    void rejectsMissingFieldsAndEscapingPaths() throws Exception {
        assertThatThrownBy(() -> loader.load(copyBundle(meta -> meta.remove("version"))))
                .isInstanceOf(InvalidBundleException.class).hasMessageContaining("version is missing");
        assertThatThrownBy(() -> loader.load(copyBundle(meta -> meta.put("onnx_file", "../../etc/passwd"))))
                .isInstanceOf(InvalidBundleException.class).hasMessageContaining("inside the bundle directory");
        assertThatThrownBy(() -> loader.load(copyBundle(meta -> meta.put("timezone", "Mars/Olympus"))))
                .isInstanceOf(InvalidBundleException.class).hasMessageContaining("not a valid zone id");
        assertThatThrownBy(() -> loader.load(temp.resolve("nowhere")))
                .isInstanceOf(InvalidBundleException.class).hasMessageContaining("cannot read");
    }

    /** A copy of the shipped bundle with its metadata edited. */
    private Path copyBundle(Consumer<ObjectNode> edit) throws IOException {
        Path dir = Files.createTempDirectory(temp, "bundle");
        Files.copy(Repo.file("models/model.onnx"), dir.resolve("model.onnx"));
        ObjectNode meta = (ObjectNode) mapper.readTree(Repo.file("models/model.json").toFile());
        edit.accept(meta);
        mapper.writeValue(dir.resolve("model.json").toFile(), meta);
        return dir;
    }
}
