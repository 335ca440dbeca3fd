package com.roadcast.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * One ONNX Runtime session running a bundle's graph: {@code speed [1, steps, nodes]} mph, the local time
 * of day (fraction) and day of week (0 = Monday) of the newest step in; {@code [1, horizons, nodes]} mph out.
 * Thread-safe: ONNX Runtime sessions may be run concurrently.
 */
public final class OnnxForecaster implements AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final BundleMetadata.Inputs inputs;
    private final String output;
    private final int steps;
    private final int horizons;
    private final int nodes;

    OnnxForecaster(OrtEnvironment env, OrtSession session, BundleMetadata meta) throws InvalidBundleException {
        this.env = env;
        this.session = session;
        this.inputs = meta.inputs();
        this.output = meta.output();
        this.steps = meta.inputSteps();
        this.horizons = meta.outputSteps();
        this.nodes = meta.nodes().size();
        checkSignature();
    }

    /**
     * Runs the graph once.
     *
     * @param window {@code steps * nodes} speeds, oldest step first, no NaN
     * @return {@code horizons * nodes} forecast speeds, horizon 1 first
     */
    public float[] forecast(float[] window, float timeOfDay, long dayOfWeek) throws OrtException {
        if (window.length != steps * nodes) {
            throw new IllegalArgumentException("window has " + window.length + " values, expected " + steps * nodes);
        }
        try (OnnxTensor speed = OnnxTensor.createTensor(env, FloatBuffer.wrap(window), new long[] {1, steps, nodes});
                OnnxTensor tod = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {timeOfDay}), new long[] {1});
                OnnxTensor dow = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {dayOfWeek}), new long[] {1});
                OrtSession.Result result = session.run(Map.of(
                        inputs.speed(), speed, inputs.timeOfDay(), tod, inputs.dayOfWeek(), dow))) {
            OnnxTensor out = (OnnxTensor) result.get(output)
                    .orElseThrow(() -> new OrtException("graph produced no output named " + output));
            FloatBuffer buffer = out.getFloatBuffer();
            if (buffer.remaining() != horizons * nodes) {
                throw new OrtException("output has " + buffer.remaining() + " values, expected " + horizons * nodes);
            }
            float[] values = new float[horizons * nodes];
            buffer.get(values);
            return values;
        }
    }

    public int horizons() {
        return horizons;
    }

    private void checkSignature() throws InvalidBundleException {
        try {
            Map<String, NodeInfo> in = session.getInputInfo();
            expectShape(in, inputs.speed(), new long[] {-1, steps, nodes});
            expectShape(in, inputs.timeOfDay(), new long[] {-1});
            expectShape(in, inputs.dayOfWeek(), new long[] {-1});
            expectShape(session.getOutputInfo(), output, new long[] {-1, horizons, nodes});
        } catch (OrtException e) {
            throw new InvalidBundleException("cannot read the graph's signature: " + e.getMessage(), e);
        }
    }

    /** Checks a tensor's shape, where -1 in {@code expected} accepts any (dynamic) size. */
    private static void expectShape(Map<String, NodeInfo> infos, String name, long[] expected)
            throws InvalidBundleException {
        NodeInfo info = infos.get(name);
        if (info == null || !(info.getInfo() instanceof TensorInfo tensor)) {
            throw new InvalidBundleException("graph has no tensor named '" + name + "' (has " + infos.keySet() + ")");
        }
        long[] actual = tensor.getShape();
        boolean matches = actual.length == expected.length;
        for (int i = 0; matches && i < actual.length; i++) {
            matches = expected[i] == -1 || actual[i] == expected[i];
        }
        if (!matches) {
            throw new InvalidBundleException("tensor '" + name + "' has shape " + Arrays.toString(actual)
                    + ", expected " + Arrays.toString(expected) + " (-1: any)");
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
