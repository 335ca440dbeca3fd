package com.roadcast.record;

import com.roadcast.redis.RedisGuard;
import com.roadcast.redis.RedisScript;
import com.roadcast.redis.RedisUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Records in Redis, shared by every instance: a hash of record bytes by window time and a sorted set of
 * the times, written and trimmed to the retention by one script, read a page at a time.
 */
public final class RedisForecastRecords implements ForecastRecords {
    private static final RedisScript PUT = RedisScript.load(RedisForecastRecords.class, "record-put.lua");
    private static final int PAGE = 24;
    private final RedisGuard redis;
    private final byte[] hash;
    private final String times;
    private final Duration retention;

    public RedisForecastRecords(RedisGuard redis, String keyPrefix, Duration retention) {
        this.redis = redis;
        this.hash = bytes(keyPrefix + "forecasts");
        this.times = keyPrefix + "forecasts:times";
        this.retention = retention;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void put(ForecastRecord record) {
        List<byte[]> args = List.of(bytes(Long.toString(record.dataAsOf().getEpochSecond())),
                RecordCodec.encode(record), bytes(Long.toString(retention.toSeconds())));
        try {
            redis.call(client -> PUT.runBinary(client, List.of(hash, bytes(times)), args), true);
        } catch (RedisUnavailableException e) {
            throw new RecordsUnavailableException(e);
        }
    }

    @Override
    public Optional<ForecastRecord> get(Instant dataAsOf) {
        byte[] field = bytes(Long.toString(dataAsOf.getEpochSecond()));
        try {
            return Optional.ofNullable(redis.call(client -> client.hget(hash, field), true)).map(RecordCodec::decode);
        } catch (RedisUnavailableException e) {
            throw new RecordsUnavailableException(e);
        }
    }

    @Override
    public Iterator<ForecastRecord> range(Instant from, Instant to) {
        return new Iterator<>() {
            private final ArrayDeque<ForecastRecord> page = new ArrayDeque<>();
            private long next = from.getEpochSecond();
            private boolean exhausted;

            @Override
            public boolean hasNext() {
                if (page.isEmpty() && !exhausted) {
                    fetch();
                }
                return !page.isEmpty();
            }

            @Override
            public ForecastRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.poll();
            }

            private void fetch() {
                try {
                    List<String> found = redis.call(client -> client.zrangeByScore(times, next, to.getEpochSecond(), 0, PAGE), true);
                    exhausted = found.size() < PAGE;
                    if (found.isEmpty()) {
                        return;
                    }
                    byte[][] fields = found.stream().map(RedisForecastRecords::bytes).toArray(byte[][]::new);
                    for (byte[] record : redis.call(client -> client.hmget(hash, fields), true)) {
                        if (record != null) {
                            page.add(RecordCodec.decode(record));
                        }
                    }
                    next = Long.parseLong(found.get(found.size() - 1)) + 1;
                } catch (RedisUnavailableException e) {
                    throw new RecordsUnavailableException(e);
                }
            }
        };
    }

    @Override
    public Duration retention() {
        return retention;
    }
}
