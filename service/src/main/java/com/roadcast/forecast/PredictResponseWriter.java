package com.roadcast.forecast;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a {@link PredictResponse} as UTF-8 JSON, byte for byte what Jackson's record serialization writes
 * (a test compares them), at a fraction of the cost for the miss path's 828 forecasts: no generator, each
 * horizon's repeated part ({@code {"horizon":3,"minutes":15,"target_time":"…","speed_mph":}) encoded once
 * for all nodes, and speeds (rounded to cents) written as digits without a general double-to-text conversion.
 */
final class PredictResponseWriter {
    /** Beyond this, and for anything not a whole number of cents, the general conversion is used. */
    private static final double LARGEST_CENTS = 1e6;
    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();
    private static final byte[] FIRST_NODE = encoded("{\"node_id\":");
    private static final byte[] NEXT_NODE = encoded(",{\"node_id\":");
    private static final byte[] IMPUTED = encoded(",\"inputs_imputed\":");
    private static final byte[] FORECASTS = encoded(",\"forecasts\":[");
    private byte[] out;
    private int size;
    private PredictResponse.HorizonForecast[] described = new PredictResponse.HorizonForecast[0];
    private byte[][] prefixes = new byte[0][];

    private PredictResponseWriter(int capacity) {
        this.out = new byte[capacity];
    }

    static byte[] write(PredictResponse response) {
        List<PredictResponse.NodePrediction> predictions = response.predictions();
        int forecasts = predictions.isEmpty() ? 0 : predictions.get(0).forecasts().size();
        PredictResponseWriter writer = new PredictResponseWriter(256 + predictions.size() * (40 + forecasts * 100));
        writer.ascii("{\"model\":{\"name\":").string(response.model().name())
                .ascii(",\"version\":").string(response.model().version())
                .ascii("},\"data_as_of\":").string(response.dataAsOf())
                .ascii(",\"cache_hit\":").ascii(response.cacheHit() ? "true" : "false")
                .ascii(",\"inference_time_ms\":").number(response.inferenceTimeMs())
                .ascii(",\"imputed_readings\":").ascii(Integer.toString(response.imputedReadings()))
                .ascii(",\"predictions\":[");
        for (int n = 0; n < predictions.size(); n++) {
            writer.bytes(n == 0 ? FIRST_NODE : NEXT_NODE).string(predictions.get(n).nodeId())
                    .bytes(IMPUTED).digits(predictions.get(n).inputsImputed()).bytes(FORECASTS);
            List<PredictResponse.HorizonForecast> horizons = predictions.get(n).forecasts();
            for (int h = 0; h < horizons.size(); h++) {
                if (h > 0) {
                    writer.put((byte) ',');
                }
                writer.bytes(writer.prefix(h, horizons.get(h))).number(horizons.get(h).speedMph()).put((byte) '}');
            }
            writer.put((byte) ']').put((byte) '}');
        }
        writer.ascii("]}");
        return Arrays.copyOf(writer.out, writer.size);
    }

    /** The encoded part before the speed of the {@code h}th forecast, reused while nodes repeat it. */
    private byte[] prefix(int h, PredictResponse.HorizonForecast forecast) {
        if (h >= described.length) {
            described = Arrays.copyOf(described, h + 1);
            prefixes = Arrays.copyOf(prefixes, h + 1);
        }
        PredictResponse.HorizonForecast known = described[h];
        if (known == null || known.horizon() != forecast.horizon() || known.minutes() != forecast.minutes()
                || !known.targetTime().equals(forecast.targetTime())) {
            PredictResponseWriter part = new PredictResponseWriter(96);
            part.ascii("{\"horizon\":").ascii(Integer.toString(forecast.horizon()))
                    .ascii(",\"minutes\":").ascii(Integer.toString(forecast.minutes()))
                    .ascii(",\"target_time\":").string(forecast.targetTime())
                    .ascii(",\"speed_mph\":");
            described[h] = forecast;
            prefixes[h] = Arrays.copyOf(part.out, part.size);
        }
        return prefixes[h];
    }

    /** As Jackson writes a double: {@link Double#toString}, quoted when not finite; whole cents without converting. */
    private PredictResponseWriter number(double value) {
        long cents = Math.round(value * 100);
        if (!(Math.abs(value) < LARGEST_CENTS) || cents / 100.0 != value || (cents == 0 && 1 / value < 0)) {
            String text = Double.toString(value);
            return Double.isFinite(value) ? ascii(text) : put((byte) '"').ascii(text).put((byte) '"');
        }
        if (cents < 0) {
            put((byte) '-');
        }
        long magnitude = Math.abs(cents);
        digits(magnitude / 100).put((byte) '.').put((byte) ('0' + magnitude % 100 / 10));
        return magnitude % 10 == 0 ? this : put((byte) ('0' + magnitude % 10));
    }

    /** A non-negative whole number's decimal digits. */
    private PredictResponseWriter digits(long whole) {
        int length = 1;
        for (long rest = whole / 10; rest > 0; rest /= 10) {
            length++;
        }
        room(length);
        long rest = whole;
        for (int at = size + length - 1; at >= size; at--) {
            out[at] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        size += length;
        return this;
    }

    /** A JSON string, escaped as Jackson escapes it. */
    private PredictResponseWriter string(String value) {
        return put((byte) '"').bytes(ENCODER.quoteAsUTF8(value)).put((byte) '"');
    }

    private PredictResponseWriter ascii(String text) {
        return bytes(encoded(text));
    }

    private static byte[] encoded(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private PredictResponseWriter bytes(byte[] bytes) {
        room(bytes.length);
        System.arraycopy(bytes, 0, out, size, bytes.length);
        size += bytes.length;
        return this;
    }

    private PredictResponseWriter put(byte b) {
        room(1);
        out[size++] = b;
        return this;
    }

    private void room(int more) {
        if (size + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, size + more));
        }
    }
}
