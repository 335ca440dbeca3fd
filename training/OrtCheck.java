// Runs a Roadcast ONNX model with ONNX Runtime for Java (the runtime the service
// uses) on raw little-endian inputs written by training/ort_check.py, and writes
// the forecast back. Single-file source launch, no build needed:
//   java -cp onnxruntime-X.jar training/OrtCheck.java model.onnx in.bin out.bin BATCH NODES
// in.bin = float32 speed[B*12*N], float32 time_of_day[B], int64 day_of_week[B]
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

public class OrtCheck {
    public static void main(String[] a) throws Exception {
        int b = Integer.parseInt(a[3]);
        int n = Integer.parseInt(a[4]);
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(Path.of(a[1]))).order(ByteOrder.LITTLE_ENDIAN);
        float[] speed = new float[b * 12 * n];
        for (int i = 0; i < speed.length; i++) speed[i] = in.getFloat();
        float[] tod = new float[b];
        for (int i = 0; i < b; i++) tod[i] = in.getFloat();
        long[] dow = new long[b];
        for (int i = 0; i < b; i++) dow[i] = in.getLong();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(a[0], new OrtSession.SessionOptions());
             OnnxTensor ts = OnnxTensor.createTensor(env, FloatBuffer.wrap(speed), new long[]{b, 12, n});
             OnnxTensor tt = OnnxTensor.createTensor(env, FloatBuffer.wrap(tod), new long[]{b});
             OnnxTensor td = OnnxTensor.createTensor(env, LongBuffer.wrap(dow), new long[]{b});
             OrtSession.Result r = s.run(Map.of("speed", ts, "time_of_day", tt, "day_of_week", td))) {
            float[][][] y = (float[][][]) r.get("forecast").get().getValue();
            ByteBuffer out = ByteBuffer.allocate(b * 12 * n * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float[][] x : y) for (float[] row : x) for (float v : row) out.putFloat(v);
            Files.write(Path.of(a[2]), out.array());
        }
    }
}
