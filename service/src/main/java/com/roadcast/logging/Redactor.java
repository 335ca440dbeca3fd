package com.roadcast.logging;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blanks what looks like a secret in a log line: the secret part of API keys ({@code rc_<id>_<secret>},
 * also glued to a preceding word as in {@code xrc_...} or {@code key=abcrc_...}; the public id stays, so
 * lines can still be traced to a key), values of {@code X-API-Key}, {@code password},
 * {@code secret}, {@code token}, {@code Authorization} fields or parameters, {@code ?key=} parameters, and
 * passwords in URLs such as {@code redis://:password@host}. Works on plain and JSON-escaped text alike.
 */
public final class Redactor {
    static final String MASK = "[REDACTED]";
    /** Lines without any of these cannot hold what the rules below match: skipped at the cost of one scan. */
    private static final Pattern MAYBE = Pattern.compile("(?i)rc_|://|key|pass|pwd|secret|token|auth");
    private static final String QUOTE = "(?:\\\\?[\"'])?";
    /** A value, unless an earlier rule already masked it (a key whose id is kept). */
    private static final String VALUE = "(?!(?:rc_[A-Za-z0-9]+_)?\\[REDACTED\\])[^\\s\"'\\\\,;&}\\]]+";
    private static final List<Rule> RULES = List.of(
            // the key's own shape (KeyTokens), wherever it starts: a word character before it hides no secret
            new Rule("(rc_[a-z2-7]{10}_)[A-Za-z0-9_-]{43}", "$1" + MASK),
            new Rule("\\b(rc_[A-Za-z0-9]+_)[A-Za-z0-9_-]{4,}", "$1" + MASK),
            new Rule("(?i)\\b((?:x-)?(?:api[_-]?key|password|passwd|pwd|secret|token|authorization|credentials?)"
                    + QUOTE + "\\s*[:=]\\s*" + QUOTE + "(?:(?:bearer|basic)\\s+)?)" + VALUE, "$1" + MASK),
            new Rule("(?i)([?&;]key=)[^&\\s\"']+", "$1" + MASK),
            new Rule("(?i)\\b([a-z][a-z0-9+.-]*://[^\\s/:@\"']*:)[^\\s/@\"']+@", "$1" + MASK + "@"));

    private Redactor() {}

    private record Rule(Pattern pattern, String replacement) {
        Rule(String regex, String replacement) {
            this(Pattern.compile(regex), replacement);
        }
    }

    /** The line with every secret-like value replaced by {@value #MASK}. */
    public static String redact(String line) {
        if (line == null || !MAYBE.matcher(line).find()) {
            return line;
        }
        String out = line;
        for (Rule rule : RULES) {
            Matcher matcher = rule.pattern().matcher(out);
            if (matcher.find()) {
                out = matcher.replaceAll(rule.replacement());
            }
        }
        return out;
    }
}
