package com.roadcast.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.roadcast.model.BundleMetadata;
import com.roadcast.model.NodeCatalog;
import com.roadcast.web.ApiFactory;
import com.roadcast.web.RequestRefused;
import com.roadcast.web.WebSetup;
import io.dropwizard.jackson.Jackson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StepParserTest {
    private static final Instant NOW = Instant.parse("2012-03-06T22:20:00Z");
    private final ObjectMapper mapper = Jackson.newObjectMapper();
    private final StepParser parser = new StepParser(3, Duration.ofMinutes(5), Duration.ofMinutes(5), 150,
            Clock.fixed(NOW, ZoneOffset.UTC));
    private final NodeCatalog catalog;

    StepParserTest() throws Exception {
        WebSetup.configureMapper(mapper);
        catalog = new NodeCatalog(List.of(new BundleMetadata.Node("a", 1, 2, 50), new BundleMetadata.Node("b", 1, 2, 60)));
    }

    private List<Step> parse(String json) throws Exception {
        return parser.parse(mapper.readValue(json.replace('\'', '"'), ObservationBatch.class), catalog);
    }

    private void assertInvalid(String json, String messagePart) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(RequestRefused.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.getMessage()).contains(messagePart);
                });
    }

    @Test
    void parsesStepsInCatalogOrderWithMissingSensorsAsNaN() throws Exception {
        List<Step> steps = parse("{'observations':[{'timestamp':'2012-03-06T14:20:00-08:00','speeds':{'b':61.5}}]}");
        assertThat(steps).hasSize(1);
        assertThat(steps.get(0).time()).isEqualTo(NOW);
        assertThat(steps.get(0).speeds()[0]).isNaN();
        assertThat(steps.get(0).speeds()[1]).isEqualTo(61.5f);
    }

    @Test
    void aFullStepOfTwentyThousandSensorsFitsTheDefaultBodyLimitAndParses() throws Exception {
        int sensors = 20_000;
        List<BundleMetadata.Node> nodes = new ArrayList<>(sensors);
        StringBuilder json = new StringBuilder("{\"observations\":[{\"timestamp\":\"2012-03-06T14:20:00-08:00\",\"speeds\":{");
        for (int i = 0; i < sensors; i++) {
            String id = String.format(Locale.ROOT, "%010d", 7_000_000L + i);   // longer ids than the Los-loop's 6 digits
            nodes.add(new BundleMetadata.Node(id, 34, -118, 55));
            json.append(i == 0 ? "" : ",").append('"').append(id).append("\":").append(String.format(Locale.ROOT, "%.2f", 10 + i % 600 / 10.0));
        }
        byte[] body = json.append("}}]}").toString().getBytes(StandardCharsets.UTF_8);
        assertThat((long) body.length).as("one full step of %d readings", sensors).isLessThan(new ApiFactory().maxBodyBytes() / 3);

        List<Step> steps = parser.parse(mapper.readValue(body, ObservationBatch.class), new NodeCatalog(nodes));
        float[] speeds = steps.get(0).speeds();
        assertThat(speeds).hasSize(sensors);
        assertThat(speeds[0]).isEqualTo(10f);
        assertThat(speeds[sensors - 1]).isEqualTo(10 + (sensors - 1) % 600 / 10f);
        assertThat(IntStream.range(0, sensors).filter(i -> Float.isNaN(speeds[i])).count()).isZero();
    }

    @Test
    void nullSpeedMeansMissing() throws Exception {
        assertThat(parse("{'observations':[{'timestamp':'2012-03-06T14:20:00-08:00','speeds':{'a':null,'b':1}}]}")
                .get(0).speeds()[0]).isNaN();
    }

    @Test
    void rejectsAStepCarryingNoReadingNamingIt() {
        String ok = "{'timestamp':'2012-03-06T14:15:00-08:00','speeds':{'a':1}}";
        assertInvalid("{'observations':[" + ok + ",{'timestamp':'2012-03-06T14:20:00-08:00','speeds':{'a':null,'b':null}}]}",
                "observations[1].speeds must map at least one sensor id to a speed");
        assertInvalid("{'observations':[" + ok + ",{'timestamp':'2012-03-06T14:20:00-08:00','speeds':{}}]}",
                "observations[1].speeds must map at least one sensor id to a speed");
    }

    @Test
    void namesTheOffendingItem() {
        assertInvalid("{'observations':[{'timestamp':'2012-03-06T14:15:00-08:00','speeds':{'a':1}},"
                + "{'timestamp':'2012-03-06T14:20:00-08:00','speeds':{'zz':1}}]}", "observations[1].speeds: unknown sensor id 'zz'");
    }

    @Test
    void rejectsInvalidSpeeds() {
        String item = "{'observations':[{'timestamp':'2012-03-06T14:20:00-08:00','speeds':{'a':%s}}]}";
        assertInvalid(item.formatted("-1"), "outside 0..150");
        assertInvalid(item.formatted("151"), "outside 0..150");
        assertInvalid(item.formatted("NaN"), "not a finite number");
        assertInvalid(item.formatted("Infinity"), "not a finite number");
        assertInvalid(item.formatted("'fast'"), "must be a number");
        assertInvalid(item.formatted("[1]"), "must be a number");
    }

    @Test
    void rejectsRepeatedTimes() {
        assertInvalid("{'observations':[{'timestamp':'2012-03-06T14:20:00-08:00','speeds':{'a':1}},"
                + "{'timestamp':'2012-03-06T22:20:00Z','speeds':{'a':1}}]}", "observations[1].timestamp repeats observations[0]");
    }

    @Test
    void rejectsBadTimes() {
        String item = "{'observations':[{'timestamp':%s,'speeds':{'a':1}}]}";
        assertInvalid(item.formatted("'2012-03-06T14:20:00'"), "not ISO-8601 with an offset");
        assertInvalid(item.formatted("'yesterday'"), "not ISO-8601 with an offset");
        assertInvalid(item.formatted("'2012-03-06T14:21:00-08:00'"), "not on the 5-minute grid");
        assertInvalid(item.formatted("'2012-03-06T14:20:30-08:00'"), "not on the 5-minute grid");
        assertInvalid(item.formatted("'2012-03-06T14:35:00-08:00'"), "is in the future");
        assertInvalid(item.formatted("null"), "timestamp is required");
    }

    @Test
    void acceptsAStepWithinTheClockSkewAndHistoricSteps() throws Exception {
        assertThat(parse("{'observations':[{'timestamp':'2012-03-06T14:25:00-08:00','speeds':{'a':1}},"
                + "{'timestamp':'2011-01-01T00:00:00Z','speeds':{'a':1}}]}")).hasSize(2);
    }

    @Test
    void rejectsEmptyOrOversizedBatches() {
        assertInvalid("{'observations':[]}", "1..3 items");
        assertInvalid("{}", "observations is required");
        String item = "{'timestamp':'2012-03-06T14:20:00-08:00','speeds':{'a':1}}";
        assertInvalid("{'observations':[" + String.join(",", item, item, item, item) + "]}", "got 4");
        assertInvalid("{'observations':[{'timestamp':'2012-03-06T14:20:00-08:00','speeds':{}}]}", "at least one sensor");
        assertInvalid("{'observations':[null]}", "observations[0] must be an object");
    }
}
