package com.roadcast.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whether a key check's time tells a guesser anything: a known id with a wrong secret must take as long
 * as an unknown id (else ids could be enumerated), and a secret wrong in its first character as long as
 * one wrong in its last. Many interleaved samples in independent batches; per batch, which of two
 * classes had the higher median is a coin toss if they take the same time, so a sign test over the
 * batches detects a systematic difference whatever the machine's speed (no time is hard-coded). A
 * difference fails only if it is both significant and at least {@value #RELEVANT}% of the check (an
 * allocation more or less, a few ns, is far below what a client across a network could ever see; the
 * stat call an unknown id once cost was 166%). The JMH benchmark {@code KeyCheckBenchmark} gives figures.
 */
@Timeout(300)
class KeyCheckTimingTest {
    private static final int BATCHES = 21;
    private static final int PER_BATCH = 3000;
    /** Sign-test bounds for 21 batches: P(wins <= 3 or >= 18) = 0.0015 when the classes take the same time. */
    private static final int MIN_WINS = 4;
    private static final int MAX_WINS = 17;
    /** Smallest relative difference of medians (in percent) that counts as a leak when significant. */
    private static final int RELEVANT = 3;

    @TempDir
    Path temp;

    @Test
    void unknownIdsAndWrongSecretsTakeTheSameTime() {
        FileKeyStore store = new FileKeyStore(temp.resolve("keys.json"), Clock.systemUTC());
        String token = null;
        for (int i = 0; i < 20; i++) {
            token = store.create("key-" + i, "standard", Role.READ).token();
        }
        ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(store, Duration.ofNanos(1), Clock.systemUTC());
        String id = KeyTokens.parse(token).orElseThrow().id();
        String secret = KeyTokens.parse(token).orElseThrow().secret();
        Map<String, String> classes = new LinkedHashMap<>();
        classes.put("valid", token);
        classes.put("wrong secret (first char)", KeyTokens.token(id, flip(secret, 0)));
        classes.put("wrong secret (last char)", KeyTokens.token(id, flip(secret, secret.length() - 1)));
        classes.put("unknown id", KeyTokens.token(KeyTokens.newId(), KeyTokens.newSecret()));
        classes.put("malformed", "rc_short");
        List<String> names = new ArrayList<>(classes.keySet());

        long[][][] nanos = new long[names.size()][BATCHES][PER_BATCH];
        Random order = new Random(42);
        sample(authenticator, classes, names, order, new long[names.size()][1][20_000]);
        sample(authenticator, classes, names, order, nanos);

        long[][] medians = new long[names.size()][BATCHES];
        for (int c = 0; c < names.size(); c++) {
            for (int b = 0; b < BATCHES; b++) {
                medians[c][b] = median(nanos[c][b]);
            }
        }
        int known = names.indexOf("wrong secret (first char)");
        int unknownWins = wins(medians[names.indexOf("unknown id")], medians[known]);
        int lastCharWins = wins(medians[names.indexOf("wrong secret (last char)")], medians[known]);
        StringBuilder report = new StringBuilder("TIMING key check medians over " + BATCHES + "x" + PER_BATCH + " samples:");
        for (int c = 0; c < names.size(); c++) {
            report.append(String.format(" %s %d ns;", names.get(c), median(medians[c])));
        }
        System.out.println(report + " unknown-id slower in " + unknownWins + "/" + BATCHES
                + " batches, last-char slower in " + lastCharWins + "/" + BATCHES + " (same time: 4..17 with p = 0.0015)");
        assertIndistinguishable("unknown id vs wrong secret", unknownWins, medians[names.indexOf("unknown id")], medians[known]);
        assertIndistinguishable("last-char vs first-char miss", lastCharWins,
                medians[names.indexOf("wrong secret (last char)")], medians[known]);
    }

    private static void assertIndistinguishable(String what, int wins, long[] a, long[] b) {
        boolean significant = wins < MIN_WINS || wins > MAX_WINS;
        double relative = 100.0 * Math.abs(median(a) - median(b)) / median(b);
        assertThat(significant && relative >= RELEVANT)
                .as("%s: slower in %d/%d batches, medians differ by %.1f%%", what, wins, BATCHES, relative).isFalse();
    }

    /** Fills {@code nanos[class][batch][i]}, each round trying every class once in a shuffled order. */
    private static void sample(ApiKeyAuthenticator authenticator, Map<String, String> classes, List<String> names,
            Random order, long[][][] nanos) {
        List<Integer> indexes = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            indexes.add(c);
        }
        for (int b = 0; b < nanos[0].length; b++) {
            for (int i = 0; i < nanos[0][b].length; i++) {
                Collections.shuffle(indexes, order);
                for (int c : indexes) {
                    String offered = classes.get(names.get(c));
                    long start = System.nanoTime();
                    authenticator.authenticate(offered);
                    nanos[c][b][i] = System.nanoTime() - start;
                }
            }
        }
    }

    private static int wins(long[] a, long[] b) {
        int wins = 0;
        for (int i = 0; i < a.length; i++) {
            wins += a[i] > b[i] ? 1 : 0;
        }
        return wins;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String flip(String secret, int at) {
        char c = secret.charAt(at);
        return secret.substring(0, at) + (c == 'A' ? 'B' : 'A') + secret.substring(at + 1);
    }
}
