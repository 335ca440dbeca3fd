package com.roadcast.record;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * A record as bytes: format byte, time, model name and version, inference time, then packed little-endian
 * float32 speeds and baselines and one unsigned byte per node for imputed inputs. 207 nodes x 12 horizons
 * take about 11 KB.
 */
final class RecordCodec {
    private static final byte FORMAT = 1;

    private RecordCodec() {}

    static byte[] encode(ForecastRecord record) {
        byte[] name = record.modelName().getBytes(StandardCharsets.UTF_8);
        byte[] version = record.modelVersion().getBytes(StandardCharsets.UTF_8);
        int nodes = record.nodes();
        ByteBuffer out = ByteBuffer.allocate(1 + 8 + 4 + name.length + 4 + version.length + 8 + 4 + 4
                + 4 * record.values().length + 4 * nodes + nodes).order(ByteOrder.LITTLE_ENDIAN);
        out.put(FORMAT).putLong(record.dataAsOf().getEpochSecond());
        out.putInt(name.length).put(name).putInt(version.length).put(version);
        out.putDouble(record.inferenceTimeMs()).putInt(nodes).putInt(record.horizons());
        for (float value : record.values()) {
            out.putFloat(value);
        }
        for (float value : record.persistence()) {
            out.putFloat(value);
        }
        for (int count : record.inputsImputed()) {
            out.put((byte) Math.min(255, count));
        }
        return out.array();
    }

    /** The window's time of an encoded record; empty when the bytes are too short to be one. */
    static Optional<Instant> timeOf(byte[] bytes) {
        return bytes.length <= Long.BYTES ? Optional.empty()
                : Optional.of(Instant.ofEpochSecond(ByteBuffer.wrap(bytes, 1, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                        .getLong()));
    }

    /** @throws IllegalArgumentException when the bytes are not a record of this format */
    static ForecastRecord decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            if (in.get() != FORMAT) {
                throw new IllegalArgumentException("unknown record format " + bytes[0]);
            }
            Instant time = Instant.ofEpochSecond(in.getLong());
            String name = text(in);
            String version = text(in);
            double inferenceMs = in.getDouble();
            int nodes = in.getInt();
            int horizons = in.getInt();
            float[] values = new float[nodes * horizons];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.getFloat();
            }
            float[] persistence = new float[nodes];
            for (int i = 0; i < nodes; i++) {
                persistence[i] = in.getFloat();
            }
            int[] imputed = new int[nodes];
            for (int i = 0; i < nodes; i++) {
                imputed[i] = Byte.toUnsignedInt(in.get());
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes after a record");
            }
            return new ForecastRecord(time, name, version, inferenceMs, horizons, values, imputed, persistence);
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("truncated record", e);
        }
    }

    private static String text(ByteBuffer in) {
        byte[] bytes = new byte[in.getInt()];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
