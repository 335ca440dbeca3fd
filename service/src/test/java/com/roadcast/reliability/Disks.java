package com.roadcast.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Broken disks for tests, made with {@code mount} (the tests run as root, as CI does): a tiny tmpfs to
 * fill up, or a directory bind-mounted read-only onto itself. Callers unmount in {@code finally}.
 */
final class Disks {

    private Disks() {}

    /** Mounts a tmpfs of {@code size} (e.g. {@code 64k}) on {@code dir}. */
    static void tmpfs(Path dir, String size) throws IOException, InterruptedException {
        run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", dir.toString());
    }

    /** Makes {@code dir} read-only in place (files in it stay readable). */
    static void readOnly(Path dir) throws IOException, InterruptedException {
        run("mount", "--bind", dir.toString(), dir.toString());
        run("mount", "-o", "remount,bind,ro", dir.toString());
    }

    static void unmount(Path dir) throws IOException, InterruptedException {
        run("umount", dir.toString());
    }

    /** Writes {@code filler} until the file system is full; returns the bytes written. */
    static long fill(Path filler) throws IOException {
        long written = 0;
        byte[] block = new byte[1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
                written += block.length;
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
            return written;
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", List.of(command)) + " failed (these tests need root, as CI runs "
                    + "them): " + output);
        }
    }
}
