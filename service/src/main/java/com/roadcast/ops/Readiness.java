package com.roadcast.ops;

import org.eclipse.jetty.util.component.LifeCycle;

/** Flips to draining as soon as the server begins to stop, so load balancers move away first. */
public final class Readiness implements LifeCycle.Listener {
    private volatile boolean draining;

    @Override
    public void lifeCycleStopping(LifeCycle event) {
        draining = true;
    }

    public boolean draining() {
        return draining;
    }
}
