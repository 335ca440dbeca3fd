package com.roadcast.redis;

import io.dropwizard.lifecycle.Managed;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;
import org.jspecify.annotations.Nullable;

/**
 * Tells the other instances sharing a Redis what one of them did (cache cleared, model swapped), over
 * pub/sub, within milliseconds. The subscriber thread reconnects by itself after Redis restarts.
 * An instance ignores its own messages: the publisher has already acted locally.
 */
public final class RedisEvents implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(RedisEvents.class);
    private static final long RECONNECT_MILLIS = 500;
    private final RedisGuard redis;
    private final String channel;
    private final String instance = UUID.randomUUID().toString();
    private final Map<String, Consumer<String>> handlers = new ConcurrentHashMap<>();
    private volatile @Nullable Listener listener;
    private volatile boolean running;
    private @Nullable Thread thread;

    public RedisEvents(RedisGuard redis, String keyPrefix) {
        this.redis = redis;
        this.channel = keyPrefix + "events";
    }

    /** Runs {@code handler} with the payload whenever another instance publishes {@code type}. */
    public void on(String type, Consumer<String> handler) {
        handlers.put(type, handler);
    }

    /** Tells the other instances; false when Redis could not be reached (they will not hear of it). */
    public boolean publish(String type, String payload) {
        try {
            redis.call(client -> client.publish(channel, instance + "|" + type + "|" + payload));
            return true;
        } catch (RedisUnavailableException e) {
            LOG.warn("Could not tell other instances about {}: {}", type, e.getMessage());
            return false;
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread subscriber = new Thread(this::listen, "redis-events");
        subscriber.setDaemon(true);
        subscriber.start();
        thread = subscriber;
    }

    @Override
    public synchronized void stop() throws InterruptedException {
        if (!running) {
            return;
        }
        running = false;
        Listener current = listener;
        if (current != null && current.isSubscribed()) {
            try {
                current.unsubscribe();
            } catch (JedisException gone) {
                LOG.debug("Redis went away before the subscription ended: {}", gone.getMessage());
            }
        }
        Thread subscriber = thread;
        if (subscriber != null) {
            subscriber.interrupt();
            subscriber.join(2000);
        }
    }

    private void listen() {
        while (running) {
            try (Jedis connection = redis.newSubscriber()) {
                listener = new Listener();
                connection.subscribe(listener, channel);
            } catch (JedisException | IllegalStateException e) {
                LOG.debug("Event subscription lost: {}", e.getMessage());
            }
            try {
                Thread.sleep(RECONNECT_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private final class Listener extends JedisPubSub {
        @Override
        public void onMessage(String ignoredChannel, String message) {
            String[] parts = message.split("\\|", 3);
            if (parts.length != 3 || parts[0].equals(instance)) {
                return;
            }
            Consumer<String> handler = handlers.get(parts[1]);
            if (handler != null) {
                try {
                    handler.accept(parts[2]);
                } catch (RuntimeException e) {
                    LOG.error("Handling event {} from another instance failed", parts[1], e);
                }
            }
        }
    }
}
