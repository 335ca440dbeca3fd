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
 * jar, configuration, units and Nginx site; a second run changes nothing, byte for byte and mode for
 * mode; secrets and the chosen model are kept across runs; a new jar is the only change it then makes.
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
        for (String unit : List.of("roadcast.service", "roadcast@.service")) {
            assertThat(root.resolve("etc/systemd/system/" + unit)).hasSameBinaryContentAs(Repo.file("systemd/" + unit));
        }
        assertThat(Files.readString(root.resolve("etc/nginx/sites-available/roadcast.conf")))
                .as("the shipped site, with this host's nameservers as the resolver OCSP stapling needs")
                .isEqualTo(Files.readString(Repo.file("nginx/roadcast.conf"))
                        .replace("resolver                127.0.0.53 ", "resolver                " + hostNameservers()));
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
        Files.writeString(jar, "second build");
        Commands.Outcome upgrade = install(root, jar);
        assertThat(upgrade.output().lines().filter(line -> line.startsWith("changed")))
                .containsExactly("changed  /opt/roadcast/roadcast.jar");
        assertThat(Files.readString(env)).as("the secrets are kept").contains("secret@");
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

    /** The nameservers of /etc/resolv.conf as Nginx's resolver directive lists them, each followed by a space. */
    private static String hostNameservers() throws java.io.IOException {
        StringBuilder list = new StringBuilder();
        for (String line : Files.readAllLines(Path.of("/etc/resolv.conf"))) {
            String[] words = line.trim().split("\\s+");
            if (words.length > 1 && words[0].equals("nameserver")) {
                list.append(words[1].contains(":") ? "[" + words[1] + "]" : words[1]).append(' ');
            }
        }
        assertThat(list).as("this test needs a nameserver in /etc/resolv.conf").isNotEmpty();
        return list.toString();
    }
}
