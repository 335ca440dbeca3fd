package com.roadcast.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two instances of the application sharing one real Redis and one key store file, as two instances on one
 * VM would, for a whole test class: started before its {@code @BeforeAll} methods, closed after its
 * {@code @AfterAll} ones.
 *
 * <pre>{@code @RegisterExtension static final TwoInstances both = new TwoInstances(settingsOfA, settingsOfB);}</pre>
 */
public final class TwoInstances implements BeforeAllCallback, AfterAllCallback {
    private final String[] firstSettings;
    private final String[] secondSettings;
    private RedisServer redis;
    private TestApp first;
    private TestApp second;

    /** Each instance with its own extra settings ("key", "value", ...). */
    public TwoInstances(String[] firstSettings, String[] secondSettings) {
        this.firstSettings = firstSettings.clone();
        this.secondSettings = secondSettings.clone();
    }

    /** Both instances with the same extra settings ("key", "value", ...). */
    public static TwoInstances alike(String... settings) {
        return new TwoInstances(settings, settings);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        redis = RedisServer.start();
        Path keys = Files.createTempDirectory("roadcast-two").resolve("keys.json");
        first = TestApp.withRedis(redis, keys, firstSettings);
        second = TestApp.withRedis(redis, keys, secondSettings);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try (RedisServer closingRedis = redis; TestApp closingFirst = first; TestApp closingSecond = second) {
            first = null;
            second = null;
            redis = null;
        }
    }

    public TestApp first() {
        return running(first);
    }

    public TestApp second() {
        return running(second);
    }

    public RedisServer redis() {
        return running(redis);
    }

    private static <T> T running(T part) {
        if (part == null) {
            throw new IllegalStateException("the two instances run only while their test class does");
        }
        return part;
    }
}
