package com.roadcast.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class KeyRingTest {
    private final WorkerOptions.TierKey internal = new WorkerOptions.TierKey("internal", "k1", 2);
    private final WorkerOptions.TierKey free = new WorkerOptions.TierKey("free", "k2", 1);

    @Test
    void usersAreDealtKeysByWeightAndSharingCountsEveryWorker() throws InterruptedException {
        KeyRing ring = new KeyRing(List.of(internal, free), 3);
        CountDownLatch release = new CountDownLatch(1);
        Map<WorkerOptions.TierKey, Integer> dealt = new HashMap<>();
        List<Thread> users = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            CountDownLatch holding = new CountDownLatch(1);
            Thread user = new Thread(() -> {
                synchronized (dealt) {
                    dealt.merge(ring.current(), 1, Integer::sum);
                }
                holding.countDown();
                awaitQuietly(release);
            });
            user.start();
            holding.await();
            users.add(user);
        }
        assertEquals(Map.of(internal, 4, free, 2), dealt);
        assertEquals(12, ring.sharing(internal));
        assertEquals(6, ring.sharing(free));
        release.countDown();
        for (Thread user : users) {
            user.join();
        }
        assertEquals(3, ring.sharing(free), "users that ended no longer share; the caller counts as one");
    }

    @Test
    void aUserKeepsItsKey() {
        KeyRing ring = new KeyRing(List.of(internal, free), 1);
        assertEquals(ring.current(), ring.current());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
