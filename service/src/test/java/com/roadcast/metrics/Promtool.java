package com.roadcast.metrics;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code promtool} (package {@code prometheus}) and {@code amtool} (package
 * {@code prometheus-alertmanager}), run to completion.
 */
final class Promtool {

    private Promtool() {}

    /** Exit status and combined output of the run. */
    record Result(int exit, String output) {}

    /** Runs {@code promtool ARGS}, feeding {@code stdin} (or nothing, when null). */
    static Result run(File stdin, String... args) throws IOException, InterruptedException {
        return tool("promtool", stdin, args);
    }

    /** Runs {@code amtool ARGS}. */
    static Result amtool(String... args) throws IOException, InterruptedException {
        return tool("amtool", null, args);
    }

    private static Result tool(String name, File stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary(name)));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (stdin != null) {
            builder.redirectInput(stdin);
        }
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " " + String.join(" ", args) + " did not finish within 30 s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    static String binary(String name) {
        File file = new File("/usr/bin/" + name);
        if (!file.canExecute()) {
            throw new IllegalStateException(name + " is not installed: run scripts/test.sh, which installs Debian's "
                    + "'prometheus' package");
        }
        return file.getPath();
    }
}
