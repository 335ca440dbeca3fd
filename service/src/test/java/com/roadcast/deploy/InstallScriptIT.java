package com.roadcast.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.Repo;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/install.sh staged into a directory ({@code --root}): it lays down the user, directories,
 * jar, configuration, units (the retrain's too, with its scripts) and Nginx site; a second run changes
 * nothing, byte for byte and mode for mode; secrets, the read key and the chosen model are kept across
 * runs; a new jar is the only change it then makes.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class InstallScriptIT {

    @Test
    void installsEverythingOnceAndThenChangesNothing(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("root");
        Path jar = Files.writeString(dir.resolve("roadcast.jar"), "first build");
        Commands.Outcome first = install(root, jar);
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("changed  user roadcast", "changed  /opt/roadcast/roadcast.jar");

        assertThat(Files.readString(root.resolve("etc/passwd"))).containsPattern("(?m)^roadcast:x:\\d+:\\d+:.*:/var/lib/roadcast:/usr/sbin/nologin$");
        for (String unit : List.of("roadcast.service", "roadcast@.service", "roadcast-retrain.service", "roadcast-retrain.timer")) {
            assertThat(root.resolve("etc/systemd/system/" + unit)).hasSameBinaryContentAs(Repo.file("systemd/" + unit));
        }
        for (String script : List.of("retrain.py", "train.py", "check_bundle.py", "rc_network.py")) {
            assertThat(root.resolve("opt/roadcast/training/" + script)).hasSameBinaryContentAs(Repo.file("training/" + script));
        }
        assertThat(root.resolve("opt/roadcast/training/test_training.py")).as("tests stay in the repository").doesNotExist();
        Path retrainEnv = root.resolve("etc/roadcast/retrain.env");
        assertThat(Files.readString(retrainEnv)).contains("ROADCAST_READ_KEY=", "ROADCAST_RETRAIN_ARGS=");
        assertThat(mode(retrainEnv)).isEqualTo("rw-r-----");
        assertThat(mode(root.resolve("etc/roadcast/network"))).as("the network's adjacency goes here").isEqualTo("rwxr-x---");
        assertThat(mode(root.resolve("var/lib/roadcast/models/retrained"))).isEqualTo("rwxr-x---");
        assertThat(root.resolve("etc/nginx/sites-available/roadcast.conf")).hasSameBinaryContentAs(Repo.file("nginx/roadcast.conf"));
        assertThat(Files.readSymbolicLink(root.resolve("etc/nginx/sites-enabled/roadcast.conf")))
                .isEqualTo(Path.of("../sites-available/roadcast.conf"));
        assertThat(root.resolve("etc/roadcast/config-prod.yml")).hasSameBinaryContentAs(Repo.file("config-prod.yml"));
        Path env = root.resolve("etc/roadcast/roadcast.env");
        assertThat(Files.readString(env)).contains("REDIS_URL=");
        assertThat(mode(env)).isEqualTo("rw-r-----");
        Path current = root.resolve("var/lib/roadcast/models/current");
        assertThat(current.resolve("model.json")).hasSameBinaryContentAs(Repo.file("models/model.json"));
        assertThat(mode(root.resolve("var/lib/roadcast"))).isEqualTo("rwxr-x---");

        Map<String, String> installed = snapshot(root);
        Commands.Outcome again = install(root, jar);
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).doesNotContain("changed");
        assertThat(snapshot(root)).isEqualTo(installed);

        Files.writeString(env, "REDIS_URL=redis://:secret@127.0.0.1:6379/0\n");
        Files.writeString(retrainEnv, "ROADCAST_READ_KEY=rk_reader\n");
        Files.writeString(jar, "second build");
        Commands.Outcome upgrade = install(root, jar);
        assertThat(upgrade.output().lines().filter(line -> line.startsWith("changed")))
                .containsExactly("changed  /opt/roadcast/roadcast.jar");
        assertThat(Files.readString(env)).as("the secrets are kept").contains("secret@");
        assertThat(Files.readString(retrainEnv)).as("the read key is kept").contains("rk_reader");
    }

    @Test
    void aSymlinkPlantedInAServiceOwnedDirectoryIsRefusedAndItsTargetUntouched(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("root");
        Path jar = Files.writeString(dir.resolve("roadcast.jar"), "first build");
        assertThat(install(root, jar).exitCode()).isZero();
        Path victim = Files.createDirectories(dir.resolve("victim"));
        Files.writeString(victim.resolve("kept.txt"), "victim's own");
        Files.setPosixFilePermissions(victim, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path version = Files.readSymbolicLink(root.resolve("var/lib/roadcast/models/current"));
        Path planted = root.resolve("var/lib/roadcast/models").resolve(version);
        for (Path file : Files.list(planted).toList()) {
            Files.delete(file);
        }
        Files.delete(planted);
        Files.createSymbolicLink(planted, victim);
        Map<String, String> before = snapshot(victim);

        Commands.Outcome again = install(root, jar);
        assertThat(again.exitCode()).as(again.output()).isNotZero();
        assertThat(again.output()).contains("is a symlink", "/var/lib/roadcast/models/" + version);
        assertThat(snapshot(victim)).as("the link's target").isEqualTo(before);
        assertThat(mode(victim)).isEqualTo("rwx------");
    }

    private static Commands.Outcome install(Path root, Path jar) throws Exception {
        return Commands.outcome(Repo.root(), List.of("bash", Repo.file("deploy/install.sh").toString(), "--root",
                root.toString(), "--jar", jar.toString()), null);
    }

    private static String mode(Path path) throws Exception {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /** Every path under root with its type, mode, owner and content hash (or link target). */
    private static Map<String, String> snapshot(Path root) throws Exception {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                String what;
                if (Files.isSymbolicLink(path)) {
                    what = "-> " + Files.readSymbolicLink(path);
                } else {
                    Map<String, Object> unix = Files.readAttributes(path, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
                    what = unix + (Files.isRegularFile(path) ? " " + HexFormat.of().formatHex(
                            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path))) : "");
                }
                entries.put(root.relativize(path).toString(), what);
            }
        }
        return entries;
    }
}
