package com.roadcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The step length, window, horizons, day slots and node count come from the model bundle: main code carries
 * no Los-loop numbers (5-minute steps, 12 of them, 288 a day, 207 sensors). Comments and annotations (OpenAPI
 * examples, configuration bounds) may still quote them.
 */
class StepLengthLiteralsTest {
    private static final Pattern FORBIDDEN = Pattern.compile(
            "ofMinutes\\(\\s*5\\s*\\)|ofSeconds\\(\\s*300\\s*\\)|\\b300_?000L?\\b|\\b300L\\b|\\*\\s*12\\b|\\b12\\s*\\*"
                    + "|\\b207\\b|\\b288\\b|5-minute|America/Los_Angeles");
    /**
     * A request-size limit that happens to be a day of 5-minute steps (its description says so), and the
     * age a request signature may have, five minutes whatever the model's step.
     */
    private static final java.util.Set<String> ALLOWED = java.util.Set.of("private int maxItems = 288;",
            "static final Duration MAX_AGE = Duration.ofMinutes(5);");

    @Test
    void mainCodeTakesStepLengthsAndCountsFromTheBundle() throws IOException {
        List<String> found = new ArrayList<>();
        Path root = Repo.file("service/src/main/java");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String[] lines = code(Files.readString(file)).split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    Matcher m = FORBIDDEN.matcher(lines[i]);
                    if (m.find() && !ALLOWED.contains(lines[i].trim())) {
                        found.add(root.relativize(file) + ":" + (i + 1) + ": " + m.group() + " in " + lines[i].trim());
                    }
                }
            }
        }
        assertThat(found).as("take it from the model (LoadedModel.interval(), inputSteps(), horizons(), catalog())")
                .isEmpty();
    }

    @Test
    void theScannerSeesCodeButNotCommentsOrAnnotations() {
        String source = "/** 288 a day */\n@Schema(description = \"(5-minute\",\n  example = \"207\")\nint a = 288; // 207\n"
                + "String s = \"@x(\" + Duration.ofMinutes(5);\n";
        String code = code(source);
        assertThat(code.split("\n", -1)).hasSize(6);
        assertThat(FORBIDDEN.matcher(code).results().map(r -> r.group()).toList())
                .containsExactly("288", "ofMinutes(5)");
    }

    /** The source with comments and annotations (with their arguments) blanked; line breaks are kept. */
    static String code(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int depth = 0;
        boolean annotation = false;
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            int end = i + 1;
            boolean hide = annotation;
            if (source.startsWith("//", i)) {
                end = after(source, "\n", i, 0);
                hide = true;
            } else if (source.startsWith("/*", i)) {
                end = after(source, "*/", i + 2, 2);
                hide = true;
            } else if (c == '"' || c == '\'') {
                end = literalEnd(source, i);
            } else if (c == '@' && !annotation && end < source.length() && Character.isJavaIdentifierStart(source.charAt(end))) {
                while (end < source.length() && (Character.isJavaIdentifierPart(source.charAt(end)) || source.charAt(end) == '.')) {
                    end++;
                }
                annotation = end < source.length() && source.charAt(end) == '(';
                hide = true;
            } else if (annotation) {
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                annotation = depth > 0;
            }
            for (int k = i; k < end; k++) {
                out.append(!hide || source.charAt(k) == '\n' ? source.charAt(k) : ' ');
            }
            i = end;
        }
        return out.toString();
    }

    /** Where {@code token} ends after {@code from} (plus {@code extra}), or the end of the source. */
    private static int after(String source, String token, int from, int extra) {
        int at = source.indexOf(token, from);
        return at < 0 ? source.length() : at + extra;
    }

    /** The end of the string, text block or char literal opening at {@code start}. */
    private static int literalEnd(String source, int start) {
        if (source.startsWith("\"\"\"", start)) {
            return after(source, "\"\"\"", start + 3, 3);
        }
        char quote = source.charAt(start);
        int i = start + 1;
        while (i < source.length() && source.charAt(i) != quote && source.charAt(i) != '\n') {
            i += source.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i + 1, source.length());
    }
}
