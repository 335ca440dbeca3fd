package com.roadcast.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HexFormat;

/**
 * Loads a bundle directory ({@code model.json} + ONNX file) and refuses anything that could serve wrong
 * answers: missing fields, a checksum mismatch, a graph whose tensors don't match the metadata, or a
 * warm-up inference that gives non-finite or implausible speeds.
 */
public final class BundleLoader {
    static final String METADATA_FILE = "model.json";
    private static final float MAX_PLAUSIBLE_MPH = 150f;

    private final ObjectMapper mapper;
    private final int intraOpThreads;
    private final Clock clock;

    public BundleLoader(ObjectMapper mapper, int intraOpThreads, Clock clock) {
        this.mapper = mapper;
        this.intraOpThreads = intraOpThreads;
        this.clock = clock;
    }

    public LoadedModel load(Path directory) throws InvalidBundleException {
        Path dir = directory.toAbsolutePath().normalize();
        BundleMetadata meta = readMetadata(dir);
        NodeCatalog catalog = new NodeCatalog(meta.nodes());
        byte[] onnx = readVerified(dir, meta);
        OnnxForecaster forecaster = openSession(onnx, meta);
        try {
            warmUp(forecaster, meta);
        } catch (InvalidBundleException e) {
            closeQuietly(forecaster);
            throw e;
        }
        return new LoadedModel(dir, meta, catalog, forecaster, clock.instant());
    }

    private BundleMetadata readMetadata(Path dir) throws InvalidBundleException {
        Path file = dir.resolve(METADATA_FILE);
        BundleMetadata meta;
        try {
            meta = mapper.readValue(file.toFile(), BundleMetadata.class);
        } catch (IOException e) {
            throw new InvalidBundleException("cannot read " + file + ": " + e.getMessage(), e);
        }
        require(meta.name() != null && !meta.name().isBlank(), "name is missing");
        require(meta.version() != null && !meta.version().isBlank(), "version is missing");
        require(meta.onnxFile() != null, "onnx_file is missing");
        require(meta.sha256() != null, "sha256 is missing");
        require(meta.inputs() != null && meta.inputs().speed() != null && meta.inputs().timeOfDay() != null
                && meta.inputs().dayOfWeek() != null, "inputs must name speed, time_of_day and day_of_week");
        require(meta.output() != null, "output is missing");
        require(meta.nodes() != null && !meta.nodes().isEmpty(), "nodes is missing or empty");
        require(meta.inputSteps() > 0 && meta.outputSteps() > 0, "input_steps and output_steps must be positive");
        require(meta.intervalMinutes() > 0, "interval_minutes must be positive");
        try {
            ZoneId.of(String.valueOf(meta.timezone()));
        } catch (DateTimeException e) {
            throw new InvalidBundleException("timezone '" + meta.timezone() + "' is not a valid zone id");
        }
        return meta;
    }

    private static byte[] readVerified(Path dir, BundleMetadata meta) throws InvalidBundleException {
        Path file = dir.resolve(meta.onnxFile()).normalize();
        require(file.startsWith(dir), "onnx_file must lie inside the bundle directory");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidBundleException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
        String actual = sha256(bytes);
        require(actual.equalsIgnoreCase(meta.sha256()),
                "checksum mismatch for " + file.getFileName() + ": metadata says " + meta.sha256() + ", file is " + actual);
        return bytes;
    }

    private OnnxForecaster openSession(byte[] onnx, BundleMetadata meta) throws InvalidBundleException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            OrtSession session = env.createSession(onnx, options);
            try {
                return new OnnxForecaster(env, session, meta);
            } catch (InvalidBundleException e) {
                session.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new InvalidBundleException("ONNX Runtime rejects the model: " + e.getMessage(), e);
        }
    }

    /** One inference on a window of every sensor's training mean: all outputs must be finite, plausible mph. */
    private static void warmUp(OnnxForecaster forecaster, BundleMetadata meta) throws InvalidBundleException {
        int nodes = meta.nodes().size();
        float[] window = new float[meta.inputSteps() * nodes];
        for (int i = 0; i < window.length; i++) {
            window[i] = (float) meta.nodes().get(i % nodes).meanSpeed();
        }
        float[] out;
        try {
            out = forecaster.forecast(window, 0.5f, 2);
        } catch (OrtException | RuntimeException e) {
            throw new InvalidBundleException("warm-up inference failed: " + e.getMessage(), e);
        }
        for (int i = 0; i < out.length; i++) {
            if (!Float.isFinite(out[i]) || out[i] < 0f || out[i] > MAX_PLAUSIBLE_MPH) {
                throw new InvalidBundleException("warm-up inference gave an implausible speed " + out[i]
                        + " for node " + meta.nodes().get(i % nodes).id());
            }
        }
    }

    private static void require(boolean condition, String problem) throws InvalidBundleException {
        if (!condition) {
            throw new InvalidBundleException("invalid model bundle: " + problem);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void closeQuietly(OnnxForecaster forecaster) {
        try {
            forecaster.close();
        } catch (OrtException ignored) {
            // the session is being discarded; nothing else can be done with it
        }
    }
}
