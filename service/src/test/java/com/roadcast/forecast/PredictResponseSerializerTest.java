package com.roadcast.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.dropwizard.jackson.Jackson;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written writer produces exactly the bytes Jackson's own record serialization does. */
class PredictResponseSerializerTest {
    private static final ObjectMapper FAST = Jackson.newObjectMapper();
    private static final ObjectMapper PLAIN = Jackson.newObjectMapper().addMixIn(PredictResponse.class, Plain.class);

    /** Takes the custom serializer off, leaving Jackson's record serialization. */
    @JsonSerialize(using = JsonSerializer.None.class)
    private interface Plain {}

    private static PredictResponse response(List<Double> speeds, double inferenceMs) {
        List<PredictResponse.NodePrediction> nodes = new ArrayList<>();
        for (int n = 0; n < speeds.size(); n += 4) {
            List<PredictResponse.HorizonForecast> forecasts = new ArrayList<>();
            for (int h = 0; h < 4 && n + h < speeds.size(); h++) {
                forecasts.add(new PredictResponse.HorizonForecast(3 * (h + 1), 15 * (h + 1),
                        "2012-03-01T10:" + (10 + h) + ":00-08:00", speeds.get(n + h)));
            }
            nodes.add(new PredictResponse.NodePrediction("7738" + n + "\"\\é", forecasts));
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
            assertThat(new String(FAST.writeValueAsBytes(response))).isEqualTo(new String(PLAIN.writeValueAsBytes(response)));
        }
    }

    @Test
    void edgeValuesFallBackToTheGeneralConversionWhereNeeded() throws Exception {
        List<Double> edges = List.of(0.0, -0.0, 0.01, 0.05, 0.1, 7.0, 65.4, 65.43, 100.0, 999999.99, 1e6, 1e7, 123.456,
                0.001, -3.5, -0.01, Double.NaN, Double.POSITIVE_INFINITY, 4.35, 1.15, 2.675);
        PredictResponse response = response(edges, 0.0);
        assertThat(new String(FAST.writeValueAsBytes(response))).isEqualTo(new String(PLAIN.writeValueAsBytes(response)));
    }
}
