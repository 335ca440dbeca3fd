package com.roadcast.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void generatedIdsAreDistinctVersionFourUuidsAcrossThreads() {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 200_000).parallel().forEach(i -> ids.add(RequestIds.newId()));
        assertThat(ids).hasSize(200_000);
        for (String id : ids.stream().limit(1000).toList()) {
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.toString()).isEqualTo(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
        }
    }

    @Test
    void acceptsOnlyShortHarmlessIdsFromCallers() {
        assertThat(RequestIds.acceptOrCreate("req-api-0001")).isEqualTo("req-api-0001");
        String replaced = RequestIds.acceptOrCreate("evil\r\nSet-Cookie: x");
        assertThat(replaced).doesNotContain("evil");
        assertThat(UUID.fromString(replaced).version()).isEqualTo(4);
        assertThat(RequestIds.acceptOrCreate("x".repeat(65))).hasSize(36);
    }
}
