package com.roadcast.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.roadcast.audit.Audit;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.TestApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** A flood of failed authentications from one address writes a few audit lines that still count it; the trail is capped. */
@Timeout(180)
class FailedAuthAuditIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void fiveHundredFailuresFromOneAddressWriteAFewLinesCarryingTheCount() {
        try (TestApp app = TestApp.start("rateLimits.window", "5s", "rateLimits.failedAuthPerIp", "5",
                "audit.maxTotalSize", "3MiB")) {
            ApiClient guesser = app.client("rc_aaaaaaaaaa_" + "A".repeat(43));
            for (int i = 0; i < 500; i++) {
                assertThat(guesser.get("/v1/model").status()).isIn(401, 429);
            }
            Eventually.within(Duration.ofSeconds(20), () -> {
                List<JsonNode> lines = authLines(app);
                long firsts = lines.stream().filter(l -> !l.get("outcome").asText().equals("failed-summary")).count();
                List<JsonNode> summaries = lines.stream().filter(l -> l.get("outcome").asText().equals("failed-summary")).toList();
                long counted = firsts - summaries.size() + summaries.stream().mapToLong(l -> l.get("failures").asLong()).sum();
                assertThat(counted).as("every failure is counted: %s", lines).isEqualTo(500);
                assertThat(lines).as("one line per window and its summary").hasSizeLessThanOrEqualTo(8);
                assertThat(summaries).allSatisfy(l -> {
                    assertThat(l.get("ip").asText()).isEqualTo("127.0.0.1");
                    assertThat(l.get("window_end").asText()).isNotEmpty();
                });
                assertThat(summaries.stream().mapToLong(l -> l.get("locked_out").asLong()).sum())
                        .as("the refusals past the budget are in the count").isGreaterThan(0);
            });

            assertThat(totalSizeCap(app)).as("audit.maxTotalSize reaches the running appender's policy")
                    .isEqualTo(3L * 1024 * 1024);
        }
    }

    private static List<JsonNode> authLines(TestApp app) {
        try {
            return Files.readString(app.auditLog()).lines().map(FailedAuthAuditIT::json)
                    .filter(l -> l.get("action").asText().equals("auth")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cap of the running audit appender's rolling policy (logback keeps it in a field without a getter). */
    private static long totalSizeCap(TestApp app) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        RollingFileAppender<?> appender = (RollingFileAppender<?>) context.getLogger(Audit.LOGGER).getAppender("audit");
        assertThat(appender.getFile()).isEqualTo(app.auditLog().toString());
        try {
            Field cap = TimeBasedRollingPolicy.class.getDeclaredField("totalSizeCap");
            cap.setAccessible(true);
            return ((FileSize) cap.get(appender.getRollingPolicy())).getSize();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
