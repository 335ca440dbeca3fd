package com.roadcast.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.roadcast.openapi.Chromium;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.ApiClient.Reply;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.Repo;
import com.roadcast.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The operator status page as an operator sees it, in a real headless Chromium on the admin port: one marker
 * per catalog sensor, the panels filled, the page following ingests by itself (its event feed), a sensor's
 * chart on a click, a phone-sized screen without sideways scrolling; nothing loaded from elsewhere and no
 * error reported. The 1280x800 screenshot is left in {@code service/target/status-page.png} (docs/ keeps a copy).
 */
@Timeout(240)
class StatusPageIT {
    private static final String MARKERS = "#map circle.sensor";

    @Test
    void anOperatorWatchesTheNetworkLiveAndChartsASensor() throws Exception {
        try (TestApp app = TestApp.start(); Chromium browser = Chromium.launch()) {
            ApiClient ingest = app.client(app.createKey("ingest", "internal"));
            int sensors = app.client(app.createKey("read", "standard")).get("/v1/nodes?limit=1").json().get("total").asInt();
            String admin = "http://127.0.0.1:" + app.admin().getPort();
            Reply page = app.adminClient().get("/status");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Content-Security-Policy")).as("only this origin's own files run")
                    .contains("default-src 'none'", "script-src 'self';", "style-src 'self';", "connect-src 'self'")
                    .doesNotContain("unsafe", "http");
            assertThat(page.raw().body()).doesNotContain("<script>", "style=", "http://", "https://");

            browser.viewport(1280, 800, false);
            browser.open(admin + "/status");
            browser.waitFor("the live feed open", "document.getElementById('live')?.textContent === 'live'");
            browser.waitFor("the panels filled", "document.getElementById('data-as-of')?.textContent === 'no data yet'");
            assertThat(browser.eval("document.querySelectorAll('" + MARKERS + "').length").asInt())
                    .as("one marker per sensor of the catalog").isEqualTo(sensors);
            assertThat(text(browser, "accuracy-note")).startsWith("not yet available");

            assertThat(ingest.post("/v1/observations", LosLoop.batch(0, 12)).status()).isEqualTo(202);
            browser.waitFor("the first window, without a reload", dataAsOfIs(11));
            assertThat(ingest.post("/v1/observations", LosLoop.batch(12, 1)).status()).isEqualTo(202);
            browser.waitFor("the next window, without a reload", dataAsOfIs(12));

            int changed = changedSensor();
            String id = LosLoop.sensors().get(changed);
            double speed = LosLoop.csv().rows().get(12)[changed];
            String marker = MARKERS + "[data-id='" + id + "']";
            assertThat(browser.eval("Number(document.querySelector(\"" + marker + "\").dataset.speed)").asDouble())
                    .as("sensor %s's marker shows its newest reading", id).isCloseTo(speed, within(0.01));
            assertThat(text(browser, "data-as-of")).isEqualTo(local(12));
            browser.waitFor("accuracy of the first forecast against its reading",
                    "!document.getElementById('accuracy').hidden");
            assertThat(browser.eval("document.querySelector('#accuracy tbody tr td:nth-child(2)').textContent").asInt())
                    .as("pairs scored 5 minutes ahead").isPositive();

            browser.click(marker);
            browser.waitFor("the sensor's chart", "document.querySelector('#sensor-chart .uplot canvas')");
            assertThat(text(browser, "sensor-id")).isEqualTo(id);
            browser.waitFor("its forecast of every horizon", "document.getElementById('sensor-info').textContent"
                    + ".includes('forecast from " + local(12) + ", 12 horizons')");
            assertThat(browser.eval("document.querySelector(\"" + marker + "\").classList.contains('selected')").asBoolean())
                    .isTrue();
            Path shot = Repo.file("service/target/status-page.png");
            browser.screenshot(shot);
            assertThat(Files.size(shot)).isGreaterThan(20_000);

            browser.viewport(390, 844, true);
            browser.waitFor("the page fitted to a phone", "document.documentElement.scrollWidth <= 390");
            browser.screenshot(Repo.file("service/target/status-page-phone.png"));
            assertThat(browser.eval("document.getElementById('map').getBoundingClientRect().width").asDouble())
                    .as("the map fills the phone's width").isGreaterThan(300);
            browser.waitFor("sensors large enough for a finger",
                    "document.querySelector(\"" + marker + "\").getBoundingClientRect().width >= 9");

            assertThat(browser.errors()).as("errors the page reported").isEmpty();
            assertThat(browser.requestedUrls()).isNotEmpty()
                    .allSatisfy(url -> assertThat(url).as("loaded from the admin port itself").startsWith(admin + "/status"));
        }
    }

    private static String text(Chromium browser, String id) {
        return browser.eval("document.getElementById('" + id + "').textContent").asText();
    }

    private static String dataAsOfIs(int row) {
        return "document.getElementById('data-as-of')?.textContent === '" + local(row) + "'";
    }

    private static String local(int row) {
        return LosLoop.time(row).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** A sensor whose reading at row 12 differs from row 11's, so that its marker must change. */
    private static int changedSensor() {
        double[] before = LosLoop.csv().rows().get(11);
        double[] after = LosLoop.csv().rows().get(12);
        for (int i = 0; i < after.length; i++) {
            if (Math.abs(after[i] - before[i]) > 0.5) {
                return i;
            }
        }
        throw new AssertionError("no sensor changed between rows 11 and 12");
    }
}
