package com.roadcast.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.model.BundleMetadata;
import com.roadcast.model.LoadedModel;
import com.roadcast.model.NodeCatalog;
import com.roadcast.observation.Step;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowAssemblerTest {
    private static final Instant T0 = Instant.parse("2012-03-06T22:00:00Z");
    private static final float NAN = Float.NaN;
    private final LoadedModel model;

    WindowAssemblerTest() throws Exception {
        List<BundleMetadata.Node> nodes = List.of(new BundleMetadata.Node("a", 0, 0, 50), new BundleMetadata.Node("b", 0, 0, 60));
        BundleMetadata meta = new BundleMetadata("m", "1", "m.onnx", "x", 4, 4, 5, "UTC", null, "out", nodes,
                null, null, null, null);
        model = new LoadedModel(Path.of("."), meta, new NodeCatalog(nodes), null, T0);
    }

    private static Step at(int slot, float a, float b) {
        return new Step(T0.plusSeconds(300L * slot), new float[] {a, b});
    }

    @Test
    void completeWindowPassesThroughUnchanged() {
        WindowAssembler.Input input = WindowAssembler.assemble(
                List.of(at(0, 1, 2), at(1, 3, 4), at(2, 5, 6), at(3, 7, 8)), model);
        assertThat(input.speeds()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(input.imputed()).containsExactly(0, 0);
        assertThat(input.lastObserved()).containsExactly(7, 8);
        assertThat(input.newest()).isEqualTo(T0.plusSeconds(900));
    }

    @Test
    void gapsAndMissingReadingsCarryTheLastValueForward() {
        WindowAssembler.Input input = WindowAssembler.assemble(List.of(at(0, 1, 2), at(1, NAN, 4), at(3, 7, NAN)), model);
        assertThat(input.speeds()).containsExactly(1, 2, 1, 4, 1, 4, 7, 4);
        assertThat(input.imputed()).containsExactly(2, 2);
        assertThat(input.lastObserved()).containsExactly(7, 4);
    }

    @Test
    void leadingGapsTakeTheFirstLaterValueAndSilentSensorsTheirMean() {
        WindowAssembler.Input input = WindowAssembler.assemble(List.of(at(2, NAN, NAN), at(3, 9, NAN)), model);
        assertThat(input.speeds()).containsExactly(9, 60, 9, 60, 9, 60, 9, 60);
        assertThat(input.imputed()).containsExactly(3, 4);
        assertThat(input.lastObserved()[0]).isEqualTo(9);
        assertThat(input.lastObserved()[1]).isNaN();
    }

    @Test
    void stepsOlderThanTheGridAreLeftOut() {
        WindowAssembler.Input input = WindowAssembler.assemble(List.of(at(-3, 100, 100), at(3, 9, 8)), model);
        assertThat(input.speeds()).containsExactly(9, 8, 9, 8, 9, 8, 9, 8);
    }
}
