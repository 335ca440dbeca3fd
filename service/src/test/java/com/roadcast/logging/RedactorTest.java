package com.roadcast.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** What the redactor blanks, and what it leaves alone. */
class RedactorTest {
    private static final String SECRET = secret();
    private static final String KEY = "rc_abcdefghij_" + SECRET;

    /** A secret as keys have them: 256 random bits, base64url. */
    private static String secret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Test
    void apiKeysKeepTheirIdButLoseTheSecretWherever() {
        for (String line : new String[] {
            "GET /v1/model?api_key=" + KEY + " HTTP/1.1",
            "{\"message\":\"node '" + KEY + "' unknown\"}",
            "X-API-Key: " + KEY,
            "\"User-Agent\":\"curl " + KEY + "\"",
        }) {
            String redacted = Redactor.redact(line);
            assertThat(redacted).as(line).doesNotContain(SECRET).contains("rc_abcdefghij_" + Redactor.MASK);
        }
    }

    @Test
    void apiKeysGluedToAWordCharacterLoseTheSecretToo() {
        String dashed = "rc_abcdefghij_-" + SECRET.substring(1);
        String underscored = "rc_abcdefghij__" + SECRET.substring(1);
        for (String line : new String[] {
            "xrc_abcdefghij_" + SECRET,
            "key=abc" + KEY + " next",
            "path=/tmp/src" + KEY,
            "id_" + KEY,
            "9" + dashed,
            "\"node\":\"Z" + underscored + "\"",
        }) {
            String redacted = Redactor.redact(line);
            assertThat(redacted).as(line).doesNotContain(SECRET.substring(1)).contains("rc_abcdefghij_" + Redactor.MASK);
        }
    }

    @Test
    void headerPasswordTokenAndUrlCredentialValuesAreBlanked() {
        assertThat(Redactor.redact("x-api-key=abc123 next")).isEqualTo("x-api-key=" + Redactor.MASK + " next");
        assertThat(Redactor.redact("login password=hunter2&user=bob")).isEqualTo("login password=" + Redactor.MASK
                + "&user=bob");
        assertThat(Redactor.redact("{\"password\":\"hunter2\",\"user\":\"bob\"}")).doesNotContain("hunter2")
                .contains("bob");
        assertThat(Redactor.redact("{\"message\":\"cfg {\\\"secret\\\":\\\"s3cr3t\\\"}\"}")).doesNotContain("s3cr3t");
        assertThat(Redactor.redact("Authorization: Bearer eyJhbGciOi.x.y")).doesNotContain("eyJhbGciOi");
        assertThat(Redactor.redact("GET /v1/model?key=topsecret&x=1")).doesNotContain("topsecret").contains("x=1");
        assertThat(Redactor.redact("connecting to redis://:pa55word@10.0.0.5:6379/0"))
                .isEqualTo("connecting to redis://:" + Redactor.MASK + "@10.0.0.5:6379/0");
        assertThat(Redactor.redact("redis-sentinel://app:pa55word@h1:26379,h2:26379/main")).doesNotContain("pa55word")
                .contains("app:");
        String generated = "9f".repeat(32); // deploy/install.sh's REDIS_URL: user roadcast, 256 bits as hex
        assertThat(Redactor.redact("REDIS_URL=rediss://roadcast:" + generated + "@redis.internal:6380/0"))
                .isEqualTo("REDIS_URL=rediss://roadcast:" + Redactor.MASK + "@redis.internal:6380/0");
        assertThat(Redactor.redact("{\"url\":\"rediss-sentinel://roadcast:" + generated + "@h1:26379/main\"}")).doesNotContain(generated);
    }

    @Test
    void ordinaryLinesAndKeyIdsAreLeftAlone() {
        for (String line : new String[] {
            "127.0.0.1 - - \"POST /v1/predict HTTP/1.1\" 200 25433 \"-\" \"Java-http-client/17\" 9",
            "{\"action\":\"auth\",\"outcome\":\"failed\",\"reason\":\"invalid API key\",\"key_id\":\"abcdefghij\"}",
            "Model roadcast-graph-residual 2026.11.24-1 now serves",
            "Redis failed, degrading to in-process state: Failed to connect to 127.0.0.1:6379.",
            "GET https://example.org/docs#keys",
        }) {
            assertThat(Redactor.redact(line)).isEqualTo(line);
        }
    }
}
