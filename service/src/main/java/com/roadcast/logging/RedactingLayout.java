package com.roadcast.logging;

import ch.qos.logback.core.Layout;
import ch.qos.logback.core.LayoutBase;

/**
 * Any layout (pattern, JSON, access) with {@link Redactor} applied to what it writes, so the message,
 * arguments, MDC, exception text and request line all pass through it, whatever produced them.
 */
final class RedactingLayout<E> extends LayoutBase<E> {
    private final Layout<E> layout;

    RedactingLayout(Layout<E> layout) {
        this.layout = layout;
        setContext(layout.getContext());
    }

    @Override
    public String doLayout(E event) {
        return Redactor.redact(layout.doLayout(event));
    }

    @Override
    public String getContentType() {
        return layout.getContentType();
    }

    @Override
    public String getFileHeader() {
        return layout.getFileHeader();
    }

    @Override
    public String getPresentationHeader() {
        return layout.getPresentationHeader();
    }

    @Override
    public String getPresentationFooter() {
        return layout.getPresentationFooter();
    }

    @Override
    public String getFileFooter() {
        return layout.getFileFooter();
    }
}
