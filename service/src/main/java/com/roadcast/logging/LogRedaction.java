package com.roadcast.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.AppenderAttachable;
import io.dropwizard.core.setup.Environment;
import java.util.Iterator;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.LoggerFactory;

/**
 * Puts {@link RedactingLayout} around the layout of every log appender: the application log (any layout
 * configured under {@code logging:}), the audit trail, and the access log ({@code server.requestLog}). Done
 * once in {@code run()} and again as the server starts, when the access log and audit appenders exist.
 */
public final class LogRedaction {

    private LogRedaction() {}

    public static void install(Environment environment) {
        wrapLoggers();
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server) {
                    wrapLoggers();
                    if (server.getRequestLog() instanceof AppenderAttachable<?> access) {
                        wrapAll(access);
                    }
                }
            }
        });
    }

    private static void wrapLoggers() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (Logger logger : context.getLoggerList()) {
            wrapAll(logger);
        }
    }

    private static <E> void wrapAll(AppenderAttachable<E> parent) {
        for (Iterator<Appender<E>> it = parent.iteratorForAppenders(); it.hasNext(); ) {
            wrap(it.next());
        }
    }

    @SuppressWarnings("unchecked")
    private static <E> void wrap(Appender<E> appender) {
        if (appender instanceof AppenderAttachable<?> async) {
            wrapAll((AppenderAttachable<E>) async);
        }
        if (appender instanceof OutputStreamAppender<E> stream
                && stream.getEncoder() instanceof LayoutWrappingEncoder<E> encoder
                && !(encoder.getLayout() instanceof RedactingLayout)) {
            RedactingLayout<E> layout = new RedactingLayout<>(encoder.getLayout());
            layout.start();
            LayoutWrappingEncoder<E> redacting = new LayoutWrappingEncoder<>();
            redacting.setContext(encoder.getContext());
            redacting.setCharset(encoder.getCharset());
            redacting.setLayout(layout); // a new encoder: pattern encoders refuse a new layout
            redacting.start();
            stream.setEncoder(redacting);
        }
    }
}
