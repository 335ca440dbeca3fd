package com.roadcast.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.roadcast.web.RequestIds;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The audit trail: one JSON line per admin action, key change, auth failure (once per address and
 * window, then a summary line) and limit breach, to the {@code roadcast.audit} logger (its own file
 * appender, see {@link AuditFactory}). Lines name keys by their public id only; callers never pass a
 * secret.
 */
public final class Audit {
    public static final String LOGGER = "roadcast.audit";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Audit() {}

    /** Records {@code action} with its {@code outcome}; {@code details} are alternating names and values. */
    public static void record(String action, String outcome, @Nullable Object... details) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("action", action);
        line.put("outcome", outcome);
        line.put("request_id", RequestIds.current());
        for (int i = 0; i + 1 < details.length; i += 2) {
            line.put(String.valueOf(details[i]), details[i + 1]);
        }
        try {
            LOG.info(MAPPER.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            LOG.warn("unserialisable audit line for {}", action);
        }
    }
}
