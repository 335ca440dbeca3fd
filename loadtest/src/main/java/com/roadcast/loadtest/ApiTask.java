package com.roadcast.loadtest;

import com.github.myzhan.locust4j.AbstractTask;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/** One weighted kind of request: builds a call, waits as its key's budget asks, sends it, then pauses (Pacing). */
final class ApiTask extends AbstractTask {
    private final String name;
    private final int weight;
    private final Function<Random, ApiCall> calls;
    private final ApiClient client;
    private final Pacing pacing;

    ApiTask(String name, int weight, Function<Random, ApiCall> calls, ApiClient client, Pacing pacing) {
        this.name = name;
        this.weight = weight;
        this.calls = calls;
        this.client = client;
        this.pacing = pacing;
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
        ApiCall call = calls.apply(ThreadLocalRandom.current());
        pacing.beforeSending(call);
        pacing.afterAnswer(call, client.send(call, pacing.keys().current()));
    }
}
