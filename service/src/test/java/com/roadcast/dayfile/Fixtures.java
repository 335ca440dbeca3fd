package com.roadcast.dayfile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Day files kept in the test resources, as the service wrote them before their stores shared {@link DayFileLog}. */
public final class Fixtures {
    private Fixtures() {}

    /** Copies the files of the resource folder {@code name} (under {@code /dayfile}) into {@code dir}. */
    public static void copy(String name, Path dir) throws Exception {
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(Path.of(Fixtures.class.getResource("/dayfile/" + name).toURI()))) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName().toString()));
            }
        }
    }
}
