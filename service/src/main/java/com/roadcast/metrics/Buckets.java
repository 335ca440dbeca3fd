package com.roadcast.metrics;

/** Classic histogram bucket bounds shared by the latency histograms. */
final class Buckets {
    /** 0.5 ms to 10 s: cache hits land in the first buckets, inference and misses in the middle. */
    static final double[] LATENCY_SECONDS = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
    };

    private Buckets() {}
}
