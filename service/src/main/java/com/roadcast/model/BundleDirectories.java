package com.roadcast.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where bundles may be loaded from: the configured bundle, and directories under {@code model.bundlesDir}.
 * A requested path is resolved against bundlesDir (an absolute one stays itself) and then to its real
 * path, symlinks followed, so {@code ..} or a link pointing outside cannot leave it. The same check
 * applies to a path another instance announces over Redis.
 */
public final class BundleDirectories {
    private final Path root;
    private final Path configured;

    public BundleDirectories(Path root, Path configured) {
        this.root = root.toAbsolutePath().normalize();
        this.configured = configured;
    }

    /** The configured bundle: always admitted (the operator named it). */
    public Path configured() {
        return configured;
    }

    /** The real directory {@code requested} names, if it is the configured bundle or lies under bundlesDir. */
    public Path admitted(Path requested) throws InvalidBundleException {
        Path real;
        Path realRoot;
        try {
            real = root.resolve(requested).toRealPath();
            realRoot = root.toRealPath();
        } catch (IOException | SecurityException e) {
            throw new InvalidBundleException("bundle " + requested + " cannot be resolved: " + e);
        }
        if (!Files.isDirectory(real)) {
            throw new InvalidBundleException("bundle " + requested + " (" + real + ") is not a directory");
        }
        if (real.startsWith(realRoot) && !real.equals(realRoot) || real.equals(realConfigured())) {
            return real;
        }
        throw new InvalidBundleException("bundle " + requested + " (" + real + ") is outside model.bundlesDir " + realRoot);
    }

    private Path realConfigured() {
        try {
            return configured.toRealPath();
        } catch (IOException | SecurityException e) {
            return configured.toAbsolutePath().normalize();
        }
    }
}
