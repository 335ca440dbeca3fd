package com.roadcast.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command line to completion (bounded), returning its exit code and merged output. */
final class Commands {

    private Commands() {}

    record Outcome(int exitCode, String output) {}

    /** Runs and requires success. */
    static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        Outcome outcome = outcome(dir, command, null);
        if (outcome.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + outcome.exitCode() + "): " + outcome.output());
        }
        return outcome.output();
    }

    /** Runs with {@code stdin} (or nothing) as input, whatever the exit code. */
    static Outcome outcome(Path dir, List<String> command, String stdin) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in 60 s");
        }
        return new Outcome(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
