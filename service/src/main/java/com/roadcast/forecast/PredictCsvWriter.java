package com.roadcast.forecast;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a {@link PredictResponse} as {@code text/csv}: a header {@code node_id,horizon,minutes,target_time,speed_mph},
 * then one row per forecast in the JSON answer's order (nodes, then ascending horizons), each speed as the JSON
 * writes it, CRLF line ends. A cell holding a comma, quote or line end is quoted (RFC 4180).
 */
final class PredictCsvWriter {
    static final String HEADER = "node_id,horizon,minutes,target_time,speed_mph\r\n";

    private PredictCsvWriter() {}

    static byte[] write(PredictResponse response) {
        List<PredictResponse.NodePrediction> predictions = response.predictions();
        int forecasts = predictions.isEmpty() ? 0 : predictions.get(0).forecasts().size();
        StringBuilder csv = new StringBuilder(HEADER.length() + predictions.size() * forecasts * 56).append(HEADER);
        for (PredictResponse.NodePrediction prediction : predictions) {
            String node = cell(prediction.nodeId());
            for (PredictResponse.HorizonForecast forecast : prediction.forecasts()) {
                csv.append(node).append(',').append(forecast.horizon()).append(',').append(forecast.minutes())
                        .append(',').append(cell(forecast.targetTime())).append(',')
                        .append(forecast.speedMph()).append("\r\n"); // as Double.toString, as the JSON has it
            }
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String cell(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return '"' + value.replace("\"", "\"\"") + '"';
            }
        }
        return value;
    }
}
