package com.roadcast.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stores handed over run later on the writer thread, or at once on the caller when full or stopped; none is lost. */
class DelayedWorkTest {
    private static final long DELAY = TimeUnit.MILLISECONDS.toNanos(20);
    private final DelayedWork stores = new DelayedWork(DELAY, "test-writer");
    private final Map<Integer, String> ranOn = new ConcurrentHashMap<>();
    private final Map<Integer, Long> ranAfter = new ConcurrentHashMap<>();

    @AfterEach
    void stop() throws InterruptedException {
        stores.stop(2000);
    }

    private Runnable store(int id, CountDownLatch done) {
        long handedOver = System.nanoTime();
        return () -> {
            ranOn.put(id, Thread.currentThread().getName());
            ranAfter.put(id, System.nanoTime() - handedOver);
            done.countDown();
        };
    }

    @Test
    void storesRunOnTheWriterNoSoonerThanTheDelayIncludingAfterAQuietSecond() throws Exception {
        CountDownLatch first = new CountDownLatch(3);
        for (int id = 0; id < 3; id++) {
            stores.submit(store(id, first));
        }
        assertThat(first.await(2, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(1300); // kept: a quiet second, after which the writer goes idle, is the condition under test
        CountDownLatch later = new CountDownLatch(1);
        stores.submit(store(3, later));
        assertThat(later.await(2, TimeUnit.SECONDS)).as("a store after the writer went idle").isTrue();
        for (int id = 0; id < 4; id++) {
            assertThat(ranOn.get(id)).isEqualTo("test-writer");
            assertThat(ranAfter.get(id)).isGreaterThanOrEqualTo(DELAY);
        }
    }

    @Test
    void aStoreFindingTheQueueFullRunsOnItsCallerAtOnce() throws Exception {
        CountDownLatch all = new CountDownLatch(DelayedWork.CAPACITY + 1);
        for (int id = 0; id <= DelayedWork.CAPACITY; id++) {
            stores.submit(store(id, all));
        }
        assertThat(ranOn.get(DelayedWork.CAPACITY)).isEqualTo(Thread.currentThread().getName());
        assertThat(all.await(2, TimeUnit.SECONDS)).isTrue();
        assertThat(ranOn.values()).filteredOn("test-writer"::equals).hasSize(DelayedWork.CAPACITY);
    }

    @Test
    void stoppingRunsWhatWaitsAndLaterStoresRunOnTheirCallers() throws Exception {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        DelayedWork slow = new DelayedWork(TimeUnit.SECONDS.toNanos(30), "slow-writer");
        for (int id = 0; id < 5; id++) {
            int each = id;
            slow.submit(() -> ran.add(each));
        }
        slow.stop(2000);
        assertThat(ran).as("waiting stores land on stop, not 30 s later").containsExactly(0, 1, 2, 3, 4);
        slow.submit(() -> ran.add(5));
        assertThat(ran).contains(5);
    }
}
