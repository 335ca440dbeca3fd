package com.roadcast.audit;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.recovery.RecoveryListener;
import ch.qos.logback.core.recovery.ResilientOutputStreamBase;
import com.codahale.metrics.health.HealthCheck;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Whether audit lines reach their file. Logback drops lines it cannot write (a full or read-only disk)
 * and retries by itself; this check listens for those failures, says so loudly in the application log
 * once, and reports the trail unhealthy until a write succeeds again. The service keeps serving. Managed:
 * the appender (and its file) closes with the service.
 */
public final class AuditHealthCheck extends HealthCheck implements RecoveryListener, Managed {
    private static final Logger LOG = LoggerFactory.getLogger(AuditHealthCheck.class);
    private final FileAppender<ILoggingEvent> appender;
    private final Path file;
    private volatile @Nullable OutputStream watched;
    private volatile @Nullable String failure;

    AuditHealthCheck(FileAppender<ILoggingEvent> appender, Path file) {
        this.appender = appender;
        this.file = file.toAbsolutePath();
        watch();
    }

    @Override
    public void stop() {
        appender.stop();
    }

    /** Listens to the appender's current stream (rolling over daily opens a new one). */
    private synchronized void watch() {
        OutputStream stream = appender.getOutputStream();
        if (stream != watched && stream instanceof ResilientOutputStreamBase resilient) {
            resilient.addRecoveryListener(this);
            watched = stream;
        }
    }

    @Override
    protected Result check() {
        watch();
        if (!appender.isStarted()) {
            return Result.unhealthy("audit log %s cannot be opened (read-only or full disk?): audit lines are lost; "
                    + "fix the disk and restart", file);
        }
        String failed = failure;
        if (failed != null) {
            return Result.unhealthy("audit log %s cannot be written (%s): audit lines are lost until it can", file, failed);
        }
        if (!Files.isWritable(file)) {
            return Result.unhealthy("audit log %s is read-only: audit lines will be lost", file);
        }
        return Result.healthy("writing to %s", file);
    }

    @Override
    public void newFailure(IOException e) {
        if (failure == null) {
            LOG.error("Audit log {} cannot be written ({}): audit lines are lost until it can", file, e.getMessage());
        }
        failure = String.valueOf(e.getMessage());
    }

    @Override
    public void recoveryOccured() {
        if (failure != null) {
            LOG.warn("Audit log {} is written again", file);
        }
        failure = null;
    }
}
