package com.roadcast.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.roadcast.audit.Audit;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** Admin tasks {@code cache-clear} ({@code ?prefix=} optional) and {@code cache-stats}, answering JSON. */
public final class CacheTasks {

    private CacheTasks() {}

    public static Task clear(ForecastCache cache, ObjectMapper mapper) {
        return new Task("cache-clear", "application/json") {
            @Override
            public void execute(Map<String, List<String>> parameters, PrintWriter output) throws Exception {
                String prefix = parameters.getOrDefault("prefix", List.of("")).get(0);
                output.println(mapper.writeValueAsString(cache.clear(prefix)));
                Audit.record("cache-clear", "ok", "prefix", prefix);
            }
        };
    }

    public static Task stats(ForecastCache cache, ObjectMapper mapper) {
        return new Task("cache-stats", "application/json") {
            @Override
            public void execute(Map<String, List<String>> parameters, PrintWriter output) throws Exception {
                output.println(mapper.writeValueAsString(cache.stats()));
            }
        };
    }
}
