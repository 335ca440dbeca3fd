package com.roadcast.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code keys} command run as an operator runs it: its own JVM (in this one it would take over the
 * running instance's audit logger), with a config naming the key store and an audit file of its own.
 */
final class KeysCli {

    /** What the command printed and how it exited. */
    record Result(int exitCode, String stdout, String stderr) {}

    private KeysCli() {}

    static Result run(Path keyStore, Path workDir, String... args) throws IOException, InterruptedException {
        Path config = workDir.resolve("keys-cli.yml");
        Files.writeString(config, "auth:\n  keyStore: " + keyStore + "\naudit:\n  file: " + workDir.resolve("cli-audit.log") + "\n");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "com.roadcast.RoadcastApplication", "keys"));
        command.addAll(List.of(args));
        command.add(config.toString());
        Path out = workDir.resolve("keys-cli.out");
        Path err = workDir.resolve("keys-cli.err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("keys command did not finish within 60 s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
