package com.roadcast.ratelimit;

import java.util.Locale;

/** Budgets are kept per endpoint class: a request spends only its own class's budget. */
public enum EndpointClass {
    PREDICT,
    NODES,
    INGEST;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
