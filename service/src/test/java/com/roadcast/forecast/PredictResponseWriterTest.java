package com.roadcast.forecast;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written writer produces exactly the bytes Jackson's own record serialization does. */
class PredictResponseWriterTest {
    private static final ObjectMapper JACKSON = Jackson.newObjectMapper();

    private static PredictResponse response(List<Double> speeds, double inferenceMs) {
        List<PredictResponse.NodePrediction> nodes = new ArrayList<>();
        for (int n = 0; n < speeds.size(); n += 4) {
            List<PredictResponse.HorizonForecast> forecasts = new ArrayList<>();
            for (int h = 0; h < 4 && n + h < speeds.size(); h++) {
                forecasts.add(new PredictResponse.HorizonForecast(3 * (h + 1), 15 * (h + 1),
                        "2012-03-01T10:" + (10 + h) + ":00-08:00", speeds.get(n + h)));
            }
            nodes.add(new PredictResponse.NodePrediction("7738" + n + "\"\\é", n % 13, forecasts));
        }
        return new PredictResponse(new PredictResponse.ModelRef("roadcast-los", "1.0.0"), "2012-03-01T10:00:00-08:00",
                false, inferenceMs, 3, nodes);
    }

    @Test
    void realisticAnswersAreWrittenByteForByteAsJacksonWould() throws Exception {
        Random random = new Random(42);
        for (int run = 0; run < 50; run++) {
            List<Double> speeds = new ArrayList<>();
            for (int i = 0; i < 828; i++) {
                speeds.add(Math.round(random.nextDouble() * 8000) / 100.0);
            }
            PredictResponse response = response(speeds, Math.round(random.nextDouble() * 5000) / 1000.0);
            assertThat(new String(PredictResponseWriter.write(response), UTF_8)).isEqualTo(new String(JACKSON.writeValueAsBytes(response), UTF_8));
        }
    }

    @Test
    void edgeValuesFallBackToTheGeneralConversionWhereNeeded() throws Exception {
        List<Double> edges = List.of(0.0, -0.0, 0.01, 0.05, 0.1, 7.0, 65.4, 65.43, 100.0, 999999.99, 1e6, 1e7, 123.456,
                0.001, -3.5, -0.01, Double.NaN, Double.POSITIVE_INFINITY, 4.35, 1.15, 2.675);
        PredictResponse response = response(edges, 0.0);
        assertThat(new String(PredictResponseWriter.write(response), UTF_8)).isEqualTo(new String(JACKSON.writeValueAsBytes(response), UTF_8));
    }

    @Test
    void nodesWithOtherHorizonsTimesOrNoneAreWrittenAsTheirOwn() throws Exception {
        PredictResponse.HorizonForecast early = new PredictResponse.HorizonForecast(3, 15, "2012-03-01T10:15:00-08:00", 61.5);
        PredictResponse.HorizonForecast later = new PredictResponse.HorizonForecast(6, 30, "2012-03-01T10:30:00-08:00", 58.25);
        PredictResponse.HorizonForecast sameStepOtherTime = new PredictResponse.HorizonForecast(3, 15, "2012-03-01T10:20:00-08:00", 1.0);
        PredictResponse.HorizonForecast otherMinutes = new PredictResponse.HorizonForecast(3, 16, "2012-03-01T10:20:00-08:00", 2.0);
        PredictResponse.HorizonForecast otherStep = new PredictResponse.HorizonForecast(5, 30, "2012-03-01T10:30:00-08:00", 3.0);
        List<PredictResponse.NodePrediction> nodes = List.of(
                new PredictResponse.NodePrediction("a", 0, List.of(early, later)),
                new PredictResponse.NodePrediction("c\u0001\n\t", 12, List.of(sameStepOtherTime)),
                new PredictResponse.NodePrediction("d", 1000, List.of(otherMinutes, later, early)),
                new PredictResponse.NodePrediction("b", 9, List.of(later, early)),
                new PredictResponse.NodePrediction("e", 10, List.of()),
                new PredictResponse.NodePrediction("f", 255, List.of(otherStep)));
        for (List<PredictResponse.NodePrediction> predictions : List.of(nodes, List.<PredictResponse.NodePrediction>of())) {
            PredictResponse response = new PredictResponse(new PredictResponse.ModelRef("m\"1", "v/2"),
                    "2012-03-01T10:00:00-08:00", true, 1e-4, -1, predictions);
            assertThat(new String(PredictResponseWriter.write(response), UTF_8))
                    .isEqualTo(new String(JACKSON.writeValueAsBytes(response), UTF_8));
        }
    }
}
