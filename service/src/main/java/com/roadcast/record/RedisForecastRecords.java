package com.roadcast.record;

import com.roadcast.redis.RedisGuard;
import com.roadcast.redis.RedisScript;
import com.roadcast.redis.RedisUnavailableException;
import com.roadcast.redis.ScorePages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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

    /** @param key the hash's key; the time index is {@code key:times} */
    public RedisForecastRecords(RedisGuard redis, String key, Duration retention) {
        this.redis = redis;
        this.hash = bytes(key);
        this.times = key + ":times";
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

    /** Reads a page of 24 records (about 260 KB for 207 sensors) per two round trips. */
    @Override
    public Iterator<ForecastRecord> range(Instant from, Instant to) {
        return new ScorePages<>(from.getEpochSecond(), to.getEpochSecond(), PAGE, this::page,
                record -> record.dataAsOf().getEpochSecond());
    }

    private List<ForecastRecord> page(long from, long to, int count) {
        try {
            List<String> found = redis.call(client -> client.zrangeByScore(times, from, to, 0, count), true);
            if (found.isEmpty()) {
                return List.of();
            }
            byte[][] fields = found.stream().map(RedisForecastRecords::bytes).toArray(byte[][]::new);
            List<ForecastRecord> records = new ArrayList<>(found.size());
            for (byte[] record : redis.call(client -> client.hmget(hash, fields), true)) {
                if (record != null) {
                    records.add(RecordCodec.decode(record));
                }
            }
            return records;
        } catch (RedisUnavailableException e) {
            throw new RecordsUnavailableException(e);
        }
    }

    @Override
    public Duration retention() {
        return retention;
    }
}
