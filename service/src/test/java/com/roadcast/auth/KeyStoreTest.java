package com.roadcast.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys are random, stored only as hashes, and a second reader of the file sees changes within a second. */
class KeyStoreTest {
    @TempDir
    Path temp;

    @Test
    void tokensAreOneSafeTokenWithAPublicIdAndA256BitSecret() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = KeyTokens.token(KeyTokens.newId(), KeyTokens.newSecret());
            assertThat(token).matches("rc_[a-z2-7]{10}_[A-Za-z0-9_-]{43}");
            assertThat(seen.add(token)).isTrue();
            assertThat(KeyTokens.parse(token)).isPresent();
        }
        assertThat(KeyTokens.parse("rc_abc_def")).isEmpty();
        assertThat(KeyTokens.parse(null)).isEmpty();
        assertThat(KeyTokens.parse("rc_aaaaaaaaaa_" + "x".repeat(43) + "\n")).isEmpty();
    }

    @Test
    void storesOnlyHashesInAnOwnerOnlyFile() throws Exception {
        Path file = temp.resolve("keys.json");
        FileKeyStore store = new FileKeyStore(file, Clock.systemUTC());
        ApiKeyStore.Created created = store.create("bot", "standard", Role.INGEST);
        String secret = KeyTokens.parse(created.token()).orElseThrow().secret();
        String stored = Files.readString(file);
        assertThat(stored).contains(created.key().id()).doesNotContain(secret).doesNotContain(created.token());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.list(temp).count()).as("no temp files left behind").isEqualTo(1);
    }

    @Test
    void authenticatesValidKeysOnlyAndRevocationsReachAnotherReaderWithinASecond() {
        Path file = temp.resolve("keys.json");
        FileKeyStore writer = new FileKeyStore(file, Clock.systemUTC());
        FileKeyStore server = new FileKeyStore(file, Clock.systemUTC());
        ApiKeyAuthenticator auth = new ApiKeyAuthenticator(server, Duration.ofMillis(300), Clock.systemUTC());
        ApiKeyStore.Created created = writer.create("app", "premium", Role.READ);

        ApiPrincipal principal = auth.authenticate(created.token()).orElseThrow();
        assertThat(principal.keyId()).isEqualTo(created.key().id());
        assertThat(principal.tier()).isEqualTo("premium");
        assertThat(principal.role()).isEqualTo(Role.READ);

        String forged = created.token().substring(0, created.token().length() - 1)
                + (created.token().endsWith("A") ? "B" : "A");
        assertThat(auth.authenticate(forged)).isEmpty();
        assertThat(auth.authenticate("rc_zzzzzzzzzz_" + KeyTokens.newSecret())).isEmpty();

        assertThat(writer.revoke(created.key().id())).isTrue();
        assertThat(writer.revoke(created.key().id())).isFalse();
        Eventually.within(Duration.ofSeconds(1), () -> assertThat(auth.authenticate(created.token())).isEmpty());
        assertThat(server.find(created.key().id()).orElseThrow().revokedAt()).isNotNull();
    }

    @Test
    void aStoreWrittenBeforeSignedKeysLoadsAndTheFlagIsKeptThroughRotationAndRevocation() throws Exception {
        Path file = temp.resolve("keys.json");
        // a store as the service wrote it before keys could require signatures: no require_signature field
        Files.writeString(file, """
                {"keys":[{"id":"abcdefghij","name":"old","tier":"standard","role":"READ",
                  "secret_sha256":"%s","created_at":"2026-11-01T10:00:00Z","allow_cidrs":["10.0.0.0/8"]}]}
                """.formatted(KeyTokens.sha256("A".repeat(43))));
        FileKeyStore store = new FileKeyStore(file, Clock.systemUTC());
        ApiKey old = store.find("abcdefghij").orElseThrow();
        assertThat(old.signatureRequired()).isFalse();
        ApiKeyAuthenticator auth = new ApiKeyAuthenticator(store, Duration.ofMillis(1), Clock.systemUTC());
        assertThat(auth.authenticate("rc_abcdefghij_" + "A".repeat(43))).map(ApiPrincipal::signatureRequired).contains(false);

        ApiKeyStore.Created signed = store.create("signer", "standard", Role.READ, new KeyOptions(java.util.List.of(), true));
        ApiKeyStore.Created plain = store.create("plain", "standard", Role.READ);
        String written = Files.readString(file);
        assertThat(written).containsOnlyOnce("\"require_signature\" : true").doesNotContain("\"require_signature\" : false");
        FileKeyStore reader = new FileKeyStore(file, Clock.systemUTC());
        assertThat(reader.find(signed.key().id()).orElseThrow().signatureRequired()).isTrue();
        assertThat(reader.find(plain.key().id()).orElseThrow().signatureRequired()).isFalse();
        assertThat(auth.authenticate(signed.token())).map(ApiPrincipal::signatureRequired).contains(true);
        ApiKeyStore.Created rotated = store.rotate(signed.key().id(), Duration.ofMinutes(1)).orElseThrow();
        assertThat(rotated.key().signatureRequired()).isTrue();
        store.revoke(signed.key().id());
        assertThat(new FileKeyStore(file, Clock.systemUTC()).find(signed.key().id()).orElseThrow().signatureRequired()).isTrue();
    }

    @Test
    void rolesNest() {
        assertThat(Role.ADMIN.allows(Role.INGEST)).isTrue();
        assertThat(Role.INGEST.allows(Role.READ)).isTrue();
        assertThat(Role.READ.allows(Role.INGEST)).isFalse();
        assertThat(Role.INGEST.allows(Role.ADMIN)).isFalse();
    }
}
