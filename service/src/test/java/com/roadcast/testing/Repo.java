package com.roadcast.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the repository and of the shared Los-loop data beside it. */
public final class Repo {

    private Repo() {}

    public static Path root() {
        String configured = System.getProperty("roadcast.repo");
        Path start = Path.of(configured != null ? configured : ".").toAbsolutePath().normalize();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("config.yml")) && Files.isDirectory(p.resolve("service"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root from " + start);
    }

    public static Path file(String relative) {
        return root().resolve(relative);
    }

    /** The shared Los-loop data directory ({@code ../shared/data} from the repository root). */
    public static Path data() {
        String configured = System.getenv("ROADCAST_DATA");
        return configured != null ? Path.of(configured) : root().resolveSibling("shared").resolve("data");
    }
}
