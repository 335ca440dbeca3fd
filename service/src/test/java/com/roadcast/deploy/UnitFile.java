package com.roadcast.deploy;

import com.roadcast.testing.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipped template unit, read the way systemd reads the parts the tests reuse: its
 * {@code Environment=} assignments and its {@code ExecStart=}/{@code ExecStartPost=} command lines with
 * {@code $VAR} and {@code ${VAR}} expanded, so the tests run exactly what the unit runs.
 */
final class UnitFile {
    private static final Pattern ASSIGNMENT = Pattern.compile("\"([^\"=]+)=([^\"]*)\"|(\\S+?)=(\\S*)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");
    private final List<String> lines;

    private UnitFile(List<String> lines) {
        this.lines = lines;
    }

    static UnitFile template() throws IOException {
        return new UnitFile(Files.readAllLines(Repo.file("systemd/roadcast@.service")));
    }

    /** Every {@code Environment=} assignment, in order. */
    Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.startsWith("Environment=")) {
                Matcher matcher = ASSIGNMENT.matcher(line.substring("Environment=".length()));
                while (matcher.find()) {
                    if (matcher.group(1) != null) {
                        environment.put(matcher.group(1), matcher.group(2));
                    } else {
                        environment.put(matcher.group(3), matcher.group(4));
                    }
                }
            }
        }
        return environment;
    }

    /**
     * The command line of {@code key} (e.g. "ExecStart"), split into words: {@code $VAR} becomes the
     * variable's words, {@code ${VAR}} its value as one word, both from {@code environment}.
     */
    List<String> command(String key, Map<String, String> environment) {
        String line = lines.stream().filter(l -> l.startsWith(key + "=")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the unit has no " + key))
                .substring(key.length() + 1);
        List<String> words = new ArrayList<>();
        for (String word : line.trim().split("\\s+")) {
            Matcher matcher = VARIABLE.matcher(word);
            if (matcher.matches() && matcher.group(2) != null) {
                words.addAll(List.of(environment.getOrDefault(matcher.group(2), "").trim().split("\\s+")));
            } else {
                words.add(matcher.replaceAll(m -> Matcher.quoteReplacement(
                        environment.getOrDefault(m.group(1) != null ? m.group(1) : m.group(2), ""))));
            }
        }
        return words;
    }
}
