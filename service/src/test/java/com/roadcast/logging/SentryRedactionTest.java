package com.roadcast.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentry.Breadcrumb;
import io.sentry.SentryEvent;
import io.sentry.protocol.Message;
import io.sentry.protocol.SentryException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What leaves for the error tracker is redacted as the log is: message, parameters, exception texts, breadcrumbs. */
class SentryRedactionTest {
    private static final String KEY = "rc_abcdefghij_" + "S".repeat(43);

    @Test
    void secretsLeaveNoEventField() {
        SentryEvent event = new SentryEvent();
        Message message = new Message();
        message.setMessage("refused {}");
        message.setFormatted("refused " + KEY);
        message.setParams(List.of(KEY, "redis://:hunter2@10.0.0.5:6379/0"));
        event.setMessage(message);
        SentryException exception = new SentryException();
        exception.setValue("cannot connect to rediss://roadcast:hunter2@redis.example:6380/0");
        event.setExceptions(List.of(exception));
        Breadcrumb crumb = new Breadcrumb();
        crumb.setMessage("X-API-Key: " + KEY);
        event.setBreadcrumbs(List.of(crumb));

        SentryRedaction.event(event);

        String all = String.join("\n", event.getMessage().getFormatted(), String.join(",", event.getMessage().getParams()),
                event.getExceptions().get(0).getValue(), event.getBreadcrumbs().get(0).getMessage());
        assertThat(all).doesNotContain("S".repeat(43), "hunter2").contains("rc_abcdefghij_", "[REDACTED]");
    }
}
