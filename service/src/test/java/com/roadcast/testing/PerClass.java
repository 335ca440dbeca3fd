package com.roadcast.testing;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Something started for a whole test class, before its {@code @BeforeAll} methods, and closed after its
 * {@code @AfterAll} ones; register it with {@code @RegisterExtension} on a static field.
 */
public class PerClass<T extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback {
    private final String what;
    private final Callable<T> start;
    private T running;

    /** {@code what} names it in the error of a {@link #get()} outside the class's run. */
    public PerClass(String what, Callable<T> start) {
        this.what = what;
        this.start = start;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        running = start.call();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    /** What runs (from before the class's {@code @BeforeAll} methods on). */
    public T get() {
        if (running == null) {
            throw new IllegalStateException(what + " runs only while its test class does");
        }
        return running;
    }
}
