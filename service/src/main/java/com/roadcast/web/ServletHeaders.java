package com.roadcast.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import org.jspecify.annotations.Nullable;

/** Request headers read as Jersey reads them, on either side of it. */
public final class ServletHeaders {

    private ServletHeaders() {}

    /** A header's values joined by commas; null when absent. */
    public static @Nullable String joined(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String first = values.nextElement();
        if (!values.hasMoreElements()) {
            return first;
        }
        StringBuilder all = new StringBuilder(first);
        while (values.hasMoreElements()) {
            all.append(',').append(values.nextElement());
        }
        return all.toString();
    }
}
