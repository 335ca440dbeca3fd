package com.roadcast.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Key tokens: {@code rc_<id>_<secret>}, where the id (10 base-32 characters, 50 bits) names the key
 * without revealing it and the secret is 32 random bytes (256 bits) in base64url. One token of letters,
 * digits, {@code _} and {@code -}, so scripts can capture it and headers carry it unchanged.
 */
public final class KeyTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    private static final int ID_LENGTH = 10;
    private static final int SECRET_BYTES = 32;
    private static final Pattern TOKEN = Pattern.compile("rc_([a-z2-7]{10})_([A-Za-z0-9_-]{43})");

    /** A token split into its public id and its secret. */
    public record Parsed(String id, String secret) {}

    private KeyTokens() {}

    static String newId() {
        StringBuilder id = new StringBuilder(ID_LENGTH);
        for (int i = 0; i < ID_LENGTH; i++) {
            id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    static String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String token(String id, String secret) {
        return "rc_" + id + "_" + secret;
    }

    /** The id and secret of a well-formed token; empty for anything else. */
    public static Optional<Parsed> parse(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Matcher matcher = TOKEN.matcher(token);
        return matcher.matches() ? Optional.of(new Parsed(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    /** The key id of a token, when the token is well-formed, for logs that must never hold the secret. */
    public static Optional<String> idOf(String token) {
        return parse(token).map(Parsed::id);
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares two hex digests in time independent of where they differ. */
    static boolean sameDigest(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
