package com.roadcast.forecast;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The CSV answer: its header, a row per forecast in the JSON answer's order, each speed as the JSON writes it. */
class PredictCsvWriterTest {
    private static final String AT = "2012-03-01T10:15:00-08:00";

    private static PredictResponse response(List<PredictResponse.NodePrediction> nodes) {
        return new PredictResponse(new PredictResponse.ModelRef("roadcast-los", "1.0.0"), "2012-03-01T10:00:00-08:00",
                false, 4.2, 3, nodes);
    }

    private static PredictResponse.HorizonForecast at(int horizon, double speed) {
        return new PredictResponse.HorizonForecast(horizon, horizon * 5, AT, speed);
    }

    @Test
    void oneRowPerForecastInTheAnswersOrderAfterTheHeader() {
        PredictResponse response = response(List.of(
                new PredictResponse.NodePrediction("773869", 0, List.of(at(3, 61.5), at(12, 58.25))),
                new PredictResponse.NodePrediction("767541", 2, List.of(at(3, 64.0), at(12, 7.0)))));
        assertThat(new String(PredictCsvWriter.write(response), UTF_8)).isEqualTo("""
                node_id,horizon,minutes,target_time,speed_mph\r
                773869,3,15,2012-03-01T10:15:00-08:00,61.5\r
                773869,12,60,2012-03-01T10:15:00-08:00,58.25\r
                767541,3,15,2012-03-01T10:15:00-08:00,64.0\r
                767541,12,60,2012-03-01T10:15:00-08:00,7.0\r
                """);
    }

    @Test
    void noForecastsIsTheHeaderAlone() {
        assertThat(new String(PredictCsvWriter.write(response(List.of())), UTF_8))
                .isEqualTo("node_id,horizon,minutes,target_time,speed_mph\r\n");
    }

    @Test
    void speedsAreWrittenAsTheJsonAnswerWritesThem() {
        List<Double> speeds = List.of(0.0, -0.0, 0.01, 0.05, 0.1, 7.0, 65.4, 65.43, 100.0, 999999.99, 1e6, 1e7,
                123.456, 0.001, -3.5, 4.35, 1.15, 2.675, 1e-7);
        List<PredictResponse.NodePrediction> nodes = speeds.stream()
                .map(speed -> new PredictResponse.NodePrediction("n", 0, List.of(at(1, speed)))).toList();
        PredictResponse response = response(nodes);
        Matcher json = Pattern.compile("\"speed_mph\":([^}]+)}").matcher(new String(PredictResponseWriter.write(response), UTF_8));
        String[] rows = new String(PredictCsvWriter.write(response), UTF_8).split("\r\n");
        for (int i = 0; i < speeds.size(); i++) {
            assertThat(json.find()).isTrue();
            assertThat(rows[i + 1]).as("speed %s", speeds.get(i)).endsWith("," + json.group(1));
        }
    }

    @Test
    void aCellHoldingACommaQuoteOrLineEndIsQuoted() {
        PredictResponse response = response(List.of(
                new PredictResponse.NodePrediction("a,b", 0, List.of(at(1, 1.5))),
                new PredictResponse.NodePrediction("say \"hi\"", 0, List.of(at(1, 2.5))),
                new PredictResponse.NodePrediction("two\nlines", 0, List.of(at(1, 3.5)))));
        assertThat(new String(PredictCsvWriter.write(response), UTF_8)).isEqualTo("""
                node_id,horizon,minutes,target_time,speed_mph\r
                "a,b",1,5,2012-03-01T10:15:00-08:00,1.5\r
                "say ""hi\""",1,5,2012-03-01T10:15:00-08:00,2.5\r
                "two
                lines",1,5,2012-03-01T10:15:00-08:00,3.5\r
                """);
    }
}
