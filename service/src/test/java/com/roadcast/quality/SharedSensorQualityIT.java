package com.roadcast.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.TestApp;
import com.roadcast.testing.TwoInstances;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two instances on one real Redis: steps posted to one, the same sensor health answered and counted by both. */
@Timeout(120)
class SharedSensorQualityIT {
    @RegisterExtension
    static final TwoInstances both = TwoInstances.alike();

    @Test
    void bothInstancesAnswerTheHealthOfTheSharedHistory() {
        TestApp first = both.first();
        TestApp second = both.second();
        String key = first.createKey("admin", "internal");
        ApiClient onFirst = first.client(key);
        ApiClient onSecond = second.client(key);
        ThreeSensors.Catalog catalog = ThreeSensors.Catalog.of(onSecond);

        assertThat(onFirst.post("/v1/observations", ThreeSensors.batch(catalog)).status()).isEqualTo(202);

        ThreeSensors.assertQuality(onFirst, catalog);
        Eventually.within(Duration.ofSeconds(10), () -> ThreeSensors.assertQuality(onSecond, catalog));
        for (TestApp app : new TestApp[] {first, second}) {
            assertThat(ThreeSensors.gauge(app)).as(app.admin().toString())
                    .containsExactlyInAnyOrderEntriesOf(ThreeSensors.expectedGauge(catalog));
        }
    }
}
