package com.roadcast.loadtest;

import com.github.myzhan.locust4j.AbstractTask;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/** One weighted kind of request: builds a call, sends it, then thinks (a random pause, mean {@code thinkTime}). */
final class ApiTask extends AbstractTask {
    private final String name;
    private final int weight;
    private final Function<Random, ApiCall> calls;
    private final ApiClient client;
    private final Duration thinkTime;

    ApiTask(String name, int weight, Function<Random, ApiCall> calls, ApiClient client, Duration thinkTime) {
        this.name = name;
        this.weight = weight;
        this.calls = calls;
        this.client = client;
        this.thinkTime = thinkTime;
    }

    @Override
    public int getWeight() {
        return weight;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public void execute() throws InterruptedException {
        Random random = ThreadLocalRandom.current();
        client.send(calls.apply(random));
        long meanMillis = thinkTime.toMillis();
        if (meanMillis > 0) {
            Thread.sleep(random.nextLong(2 * meanMillis + 1));
        }
    }
}
