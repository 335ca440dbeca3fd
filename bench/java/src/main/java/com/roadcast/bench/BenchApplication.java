package com.roadcast.bench;

import com.roadcast.RoadcastApplication;
import com.roadcast.RoadcastConfiguration;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;

/**
 * Roadcast exactly as shipped (same commands, configuration and wiring), plus the {@code /bench/*}
 * baselines the benchmarks compare it against. Lives in its own jar so production cannot serve them.
 */
public final class BenchApplication extends Application<RoadcastConfiguration> {
    private final RoadcastApplication roadcast = new RoadcastApplication();

    public static void main(String[] args) throws Exception {
        new BenchApplication().run(args);
    }

    @Override
    public String getName() {
        return roadcast.getName();
    }

    @Override
    public void initialize(Bootstrap<RoadcastConfiguration> bootstrap) {
        roadcast.initialize(bootstrap);
    }

    @Override
    public void run(RoadcastConfiguration config, Environment environment) {
        roadcast.run(config, environment);
        BaselineResource.install(environment);
    }
}
