package com.roadcast.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.dropwizard.lifecycle.Managed;
import io.sentry.Sentry;
import io.sentry.SentryOptions;
import io.sentry.logback.SentryAppender;
import org.slf4j.LoggerFactory;

/** Sentry's Logback appender on the root logger while the service runs; stopping flushes what is queued. */
final class ErrorTracking implements Managed {
    private final SentryAppender appender;

    private ErrorTracking(SentryAppender appender) {
        this.appender = appender;
    }

    static ErrorTracking start(SentryOptions options) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        SentryAppender appender = new SentryAppender();
        appender.setContext(context);
        appender.setName("sentry");
        appender.setOptions(options);
        appender.setMinimumEventLevel(Level.ERROR);
        appender.setMinimumBreadcrumbLevel(Level.INFO);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        return new ErrorTracking(appender);
    }

    @Override
    public void stop() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
        Sentry.close();
    }
}
