package com.roadcast.logging;

import io.sentry.Breadcrumb;
import io.sentry.SentryEvent;
import io.sentry.protocol.Message;
import io.sentry.protocol.SentryException;
import java.util.List;

/** The log's {@link Redactor} applied to what an error event carries: its message, parameters and exception texts. */
final class SentryRedaction {

    private SentryRedaction() {}

    static SentryEvent event(SentryEvent event) {
        Message message = event.getMessage();
        if (message != null) {
            message.setMessage(Redactor.redact(message.getMessage()));
            message.setFormatted(Redactor.redact(message.getFormatted()));
            List<String> params = message.getParams();
            if (params != null) {
                message.setParams(params.stream().map(Redactor::redact).toList());
            }
        }
        List<SentryException> exceptions = event.getExceptions();
        if (exceptions != null) {
            for (SentryException exception : exceptions) {
                exception.setValue(Redactor.redact(exception.getValue()));
            }
        }
        List<Breadcrumb> breadcrumbs = event.getBreadcrumbs();
        if (breadcrumbs != null) {
            breadcrumbs.forEach(SentryRedaction::breadcrumb);
        }
        return event;
    }

    static Breadcrumb breadcrumb(Breadcrumb breadcrumb) {
        breadcrumb.setMessage(Redactor.redact(breadcrumb.getMessage()));
        return breadcrumb;
    }
}
