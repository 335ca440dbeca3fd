package com.roadcast.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.Eventually;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A burst of requests with a key not yet remembered costs the store one lookup, and stays correct. */
@Timeout(60)
class VerdictBurstTest {
    @TempDir
    Path temp;

    /** The real file store, counting lookups and making each one slow, as a Redis round trip under load is. */
    private static final class SlowCountingStore implements ApiKeyStore {
        final AtomicInteger lookups = new AtomicInteger();
        private final FileKeyStore store;

        SlowCountingStore(Path file) {
            store = new FileKeyStore(file, Clock.systemUTC());
        }

        @Override
        public Optional<ApiKey> find(String id) {
            lookups.incrementAndGet();
            try {
                Thread.sleep(50); // kept: the slow lookup IS the condition under test
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return store.find(id);
        }

        @Override
        public Created create(String name, String tier, Role role, KeyOptions options) {
            return store.create(name, tier, role, options);
        }

        @Override
        public List<ApiKey> list() {
            return store.list();
        }

        @Override
        public boolean revoke(String id) {
            return store.revoke(id);
        }

        @Override
        public Optional<Created> rotate(String id, Duration grace) {
            return store.rotate(id, grace);
        }

        @Override
        public void reload() {
            store.reload();
        }

        @Override
        public String describe() {
            return store.describe();
        }
    }

    @Test
    void concurrentRequestsWithANewKeyShareOneCheckAndBadKeysAreNeverRemembered() throws Exception {
        SlowCountingStore store = new SlowCountingStore(temp.resolve("keys.json"));
        String token = store.create("burst", "free", Role.READ).token();
        ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(store, Duration.ofSeconds(1), Clock.systemUTC());
        ExecutorService threads = Executors.newFixedThreadPool(64);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<ApiPrincipal>>> verdicts = IntStream.range(0, 64)
                    .mapToObj(i -> threads.submit(() -> {
                        go.await();
                        return authenticator.authenticate(token);
                    })).toList();
            go.countDown();
            for (Future<Optional<ApiPrincipal>> verdict : verdicts) {
                assertThat(verdict.get()).hasValueSatisfying(p -> assertThat(p.keyName()).isEqualTo("burst"));
            }
            assertThat(store.lookups).as("one lookup for 64 concurrent requests").hasValue(1);

            String wrong = token.substring(0, token.length() - 4) + "AAAA";
            assertThat(authenticator.authenticate(wrong)).isEmpty();
            assertThat(authenticator.authenticate(wrong)).isEmpty();
            assertThat(store.lookups).as("a refused token is checked again each time").hasValue(3);
            assertThat(authenticator.remembered(wrong)).isEmpty();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aKeyInUseIsNeverForgottenYetARevokeLandsWithinTheVerdictTime() throws Exception {
        SlowCountingStore store = new SlowCountingStore(temp.resolve("keys.json"));
        ApiKeyStore.Created created = store.create("steady", "free", Role.READ);
        Duration ttl = Duration.ofMillis(400);
        ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(store, ttl, Clock.systemUTC());
        assertThat(authenticator.authenticate(created.token())).isPresent();
        long end = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        while (System.nanoTime() < end) {
            assertThat(authenticator.remembered(created.token())).as("remembered while in use").isPresent();
            Thread.sleep(20); // kept: the key is used every 20 ms for 1.5 s, the use under test
        }
        assertThat(store.lookups.get()).as("checked again about every half verdict time, not per request")
                .isBetween(3, 10);
        store.revoke(created.key().id());
        Eventually.within(ttl.plusMillis(200), () ->
                assertThat(authenticator.remembered(created.token())).as("forgotten within the verdict time").isEmpty());
        assertThat(authenticator.authenticate(created.token())).isEmpty();
    }
}
