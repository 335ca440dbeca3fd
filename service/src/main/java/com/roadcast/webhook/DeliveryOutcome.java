package com.roadcast.webhook;

import java.util.Locale;

/** What became of one delivery attempt. */
public enum DeliveryOutcome {
    /** The receiver answered 2xx. */
    DELIVERED,
    /** It failed; another attempt is scheduled. */
    RETRIED,
    /** It failed and was the last attempt. */
    FAILED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Told every attempt's outcome (metrics). */
    public interface Observer {
        Observer NONE = outcome -> { };

        void attempted(DeliveryOutcome outcome);
    }
}
