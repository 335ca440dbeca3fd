package com.roadcast.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Both export formats write exactly the stored float32 readings, in the order asked, gaps as gaps. */
class ExportWritersTest {
    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();
    private static final Instant T0 = Instant.parse("2012-03-05T21:15:00Z");
    private static final ExportQuery QUERY = new ExportQuery(T0, T0.plusSeconds(3600), List.of("c", "a"), new int[] {2, 0});
    private static final List<Step> STEPS = List.of(
            new Step(T0, new float[] {64.4f, 1f, 0.1f}),
            new Step(T0.plusSeconds(600), new float[] {Float.NaN, 2f, 63.875f}),
            new Step(T0.plusSeconds(900), new float[] {Math.nextUp(64.4f), 3f, Float.NaN}));

    private static String write(ExportWriter writer, Iterator<Step> steps) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(QUERY, steps, Instant::toString, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void csvHasAHeaderAndARowPerStepWithEmptyCellsForGaps() throws IOException {
        assertThat(write(new CsvExportWriter(), STEPS.iterator())).isEqualTo("""
                timestamp,c,a\r
                2012-03-05T21:15:00Z,0.1,64.4\r
                2012-03-05T21:25:00Z,63.875,\r
                2012-03-05T21:30:00Z,,64.40001\r
                """);
    }

    @Test
    void jsonIsTheDocumentedShapeWithNullsForGapsAndShortestFloats() throws IOException {
        String json = write(new JsonExportWriter(5), STEPS.iterator());
        assertThat(json).startsWith("{\"from\":\"2012-03-05T21:15:00Z\",\"to\":\"2012-03-05T22:15:00Z\","
                + "\"interval_minutes\":5,\"nodes\":[\"c\",\"a\"],\"steps\":[{\"timestamp\":\"2012-03-05T21:15:00Z\","
                + "\"speeds\":{\"c\":0.1,\"a\":64.4}}");
        ObservationExport read = MAPPER.readValue(json, ObservationExport.class);
        assertThat(read.steps()).extracting(ObservationExport.ExportedStep::timestamp)
                .containsExactly("2012-03-05T21:15:00Z", "2012-03-05T21:25:00Z", "2012-03-05T21:30:00Z");
        Map<String, Float> gap = new LinkedHashMap<>();
        gap.put("c", null);
        gap.put("a", Math.nextUp(64.4f));
        assertThat(read.steps().get(2).speeds()).containsExactlyEntriesOf(gap);
        assertThat(read.steps().get(1).speeds()).containsEntry("c", 63.875f).containsEntry("a", null);
    }

    @Test
    void noStepsIsAnEmptyListUnderTheHeader() throws IOException {
        assertThat(write(new CsvExportWriter(), List.<Step>of().iterator())).isEqualTo("timestamp,c,a\r\n");
        assertThat(MAPPER.readValue(write(new JsonExportWriter(5), List.<Step>of().iterator()), ObservationExport.class)
                .steps()).isEmpty();
    }

    @Test
    void aStoreFailingMidwayPropagatesAndLeavesTheBodyUnterminated() {
        for (ExportWriter writer : List.of(new CsvExportWriter(), new JsonExportWriter(5))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThatThrownBy(() -> writer.write(QUERY, failingAfterOne(), Instant::toString, out))
                    .isInstanceOf(WindowUnavailableException.class);
            String body = out.toString(StandardCharsets.UTF_8);
            assertThat(body).as("the first step was sent").contains("64.4").doesNotEndWith("]}");
            assertThat(body.lines()).as("no row after the failure").hasSizeLessThanOrEqualTo(2);
        }
    }

    private static Iterator<Step> failingAfterOne() {
        return new Iterator<>() {
            private boolean sent;

            @Override
            public boolean hasNext() {
                if (sent) {
                    throw new WindowUnavailableException("the store went away", null);
                }
                return true;
            }

            @Override
            public Step next() {
                sent = true;
                return STEPS.get(0);
            }
        };
    }
}
