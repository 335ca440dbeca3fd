package com.roadcast.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/** A Lua script from the classpath, run by its SHA and sent whole only when Redis has forgotten it. */
public final class RedisScript {
    private final String source;
    private volatile String sha;

    private RedisScript(String source) {
        this.source = source;
    }

    public static RedisScript load(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + resource);
            }
            return new RedisScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read script " + resource, e);
        }
    }

    /** Runs with binary keys and arguments; bulk replies come back as byte arrays. */
    public Object runBinary(UnifiedJedis redis, List<byte[]> keys, List<byte[]> args) {
        String known = sha;
        if (known != null) {
            try {
                return redis.evalsha(known.getBytes(StandardCharsets.US_ASCII), keys, args);
            } catch (JedisNoScriptException restartedRedis) {
                sha = null;
            }
        }
        Object result = redis.eval(source.getBytes(StandardCharsets.UTF_8), keys, args);
        sha = redis.scriptLoad(source);
        return result;
    }

    public Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
        String known = sha;
        if (known != null) {
            try {
                return redis.evalsha(known, keys, args);
            } catch (JedisNoScriptException restartedRedis) {
                sha = null;
            }
        }
        Object result = redis.eval(source, keys, args);
        sha = redis.scriptLoad(source);
        return result;
    }
}
