package com.roadcast.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: the time of one uncached key check (the file key store, as the embedded default) for each kind
 * of token a guesser can send. Run with {@code bench/key_check_bench.sh}; the figures are in
 * docs/SECURITY.md. Known id with a wrong secret and unknown id must come out the same.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KeyCheckBenchmark {
    @Param({"valid", "wrong-secret", "unknown-id", "malformed"})
    public String kind;

    private ApiKeyAuthenticator authenticator;
    private String token;

    @Setup
    public void setUp() {
        try {
            Path dir = Files.createTempDirectory("key-bench");
            FileKeyStore store = new FileKeyStore(dir.resolve("keys.json"), Clock.systemUTC());
            String valid = store.create("bench", "standard", Role.READ).token();
            KeyTokens.Parsed parsed = KeyTokens.parse(valid).orElseThrow();
            token = switch (kind) {
                case "valid" -> valid;
                case "wrong-secret" -> KeyTokens.token(parsed.id(), KeyTokens.newSecret());
                case "unknown-id" -> KeyTokens.token(KeyTokens.newId(), KeyTokens.newSecret());
                default -> "rc_short";
            };
            authenticator = new ApiKeyAuthenticator(store, Duration.ofNanos(1), Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Benchmark
    public Object check() {
        return authenticator.authenticate(token);
    }
}
