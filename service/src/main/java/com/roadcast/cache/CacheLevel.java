package com.roadcast.cache;

/** Where an answer came from: this process, the Redis shared by all instances, or a fresh computation. */
public enum CacheLevel {
    LOCAL,
    REDIS,
    MISS
}
