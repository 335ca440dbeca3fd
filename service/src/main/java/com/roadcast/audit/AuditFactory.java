package com.roadcast.audit;

import io.dropwizard.core.setup.Environment;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.DataSizeUnit;
import io.dropwizard.validation.MinDataSize;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import org.slf4j.LoggerFactory;

/** {@code audit:} where the audit trail goes: a JSON-lines file of its own, rolled daily, capped in total size. */
public final class AuditFactory {
    @NotEmpty
    @JsonProperty
    private String file = "var/audit.log";

    @Min(1)
    @JsonProperty
    private int keepDays = 90;

    /** The most the rolled files may take together; past it the oldest are deleted, whatever {@code keepDays} says. */
    @NotNull
    @MinDataSize(value = 1, unit = DataSizeUnit.MEBIBYTES)
    @JsonProperty
    private DataSize maxTotalSize = DataSize.gibibytes(1);

    /** Starts the trail for the service: its appender stops with the service, and {@code audit-log} checks it. */
    public void build(Environment environment) {
        AuditHealthCheck check = start();
        environment.lifecycle().manage(check);
        environment.healthChecks().register("audit-log", check);
    }

    /**
     * Starts the trail (for a command, which exits when done): the {@code roadcast.audit} logger to its
     * file only (not to the application log). Returns the health check that says whether lines reach it.
     */
    public AuditHealthCheck start() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("audit");
        appender.setFile(file);
        TimeBasedRollingPolicy<ILoggingEvent> rolling = new TimeBasedRollingPolicy<>();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file + ".%d{yyyy-MM-dd}.gz");
        rolling.setMaxHistory(keepDays);
        rolling.setTotalSizeCap(new FileSize(maxTotalSize.toBytes()));
        rolling.start();
        appender.setRollingPolicy(rolling);
        appender.setEncoder(encoder);
        appender.start();
        Logger logger = context.getLogger(Audit.LOGGER);
        logger.detachAndStopAllAppenders();
        logger.addAppender(appender);
        logger.setAdditive(false);
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        return new AuditHealthCheck(appender, java.nio.file.Path.of(file));
    }
}
