package com.roadcast.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The embedded key store: a JSON file of hashed keys, written atomically (temp file, fsync, rename)
 * with owner-only permissions, and re-read when it changes on disk, so {@code keys create} and
 * {@code keys revoke} reach a running server within a second. Every lookup checks the file (one stat
 * call; verdicts are cached, so that is rare for a valid key), known id or not, so a lookup's time does
 * not tell whether an id exists; listing checks at most every half second.
 */
public final class FileKeyStore extends KeyStoreBase {
    private static final Duration RECHECK = Duration.ofMillis(500);
    private final Path file;
    private final ObjectMapper mapper;
    private volatile Map<String, ApiKey> keys = Map.of();
    private volatile @Nullable Object loadedVersion;
    private volatile Instant checkedAt = Instant.EPOCH;

    /** The file's contents as stored. */
    record Contents(List<ApiKey> keys) {}

    public FileKeyStore(Path file, Clock clock) {
        super(clock);
        this.file = file.toAbsolutePath();
        this.mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT);
        reload();
    }

    @Override
    protected synchronized void save(ApiKey key) {
        reload();
        Map<String, ApiKey> next = new LinkedHashMap<>(keys);
        next.put(key.id(), key);
        write(next);
    }

    @Override
    public Optional<ApiKey> find(String id) {
        refreshIfChanged();
        return Optional.ofNullable(keys.get(id));
    }

    @Override
    public List<ApiKey> list() {
        refreshIfDue();
        return List.copyOf(keys.values());
    }

    @Override
    public synchronized void reload() {
        checkedAt = clock.instant();
        try {
            if (!Files.exists(file)) {
                keys = Map.of();
                loadedVersion = null;
                return;
            }
            Object version = version();
            Contents contents = mapper.readValue(file.toFile(), Contents.class);
            Map<String, ApiKey> loaded = new LinkedHashMap<>();
            contents.keys().forEach(key -> loaded.put(key.id(), key));
            keys = loaded;
            loadedVersion = version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key store " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "file " + file;
    }

    /** The directory is read-only, or has less room than a rewrite of the file needs. */
    @Override
    public Optional<String> writeProblem() {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null) {
            return Optional.empty();
        }
        try {
            if (Files.isDirectory(dir) && !Files.isWritable(dir)) {
                return Optional.of(dir + " is read-only");
            }
            long needed = Math.max(4096, Files.exists(file) ? Files.size(file) : 0);
            if (Files.isDirectory(dir) && Files.getFileStore(dir).getUsableSpace() < needed) {
                return Optional.of("no space left on the file system of " + dir);
            }
        } catch (IOException e) {
            return Optional.of("cannot inspect " + dir + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Re-reads the file if it changed, checking at most once per {@link #RECHECK}. */
    private void refreshIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(checkedAt.plus(RECHECK))) {
            return;
        }
        checkedAt = now;
        refreshIfChanged();
    }

    /** Re-reads the file when its modification time moved (one stat call). */
    private void refreshIfChanged() {
        try {
            Object version = Files.exists(file) ? version() : null;
            if (!java.util.Objects.equals(version, loadedVersion)) {
                reload();
            }
        } catch (IOException | UncheckedIOException e) {
            // keep serving the keys last read; the key-store health check reports the problem
        }
    }

    private void write(Map<String, ApiKey> next) {
        Path temp = null;
        try {
            Files.createDirectories(file.getParent());
            temp = Files.createTempFile(file.getParent(), ".keys", ".tmp");
            trySetOwnerOnly(temp);
            Files.write(temp, mapper.writeValueAsBytes(new Contents(new ArrayList<>(next.values()))));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            keys = next;
            loadedVersion = version();
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("cannot write key store " + file + ": " + e.getMessage()
                    + " (nothing was changed)", e);
        }
    }

    private static void deleteQuietly(@Nullable Path temp) {
        try {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        } catch (IOException ignored) {
            // the disk refuses even this; a stray .tmp file is harmless and ignored on read
        }
    }

    /**
     * What identifies one written version of the file: every write replaces it with a new file (new
     * inode), so the file key changes even when two writes share a modification time.
     */
    private Object version() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return java.util.List.of(String.valueOf(attributes.fileKey()), attributes.lastModifiedTime(), attributes.size());
    }

    private static void trySetOwnerOnly(Path path) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system: permissions are the directory's business
        }
    }
}
