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
 * It provisions Redis too: a generated password in the service's REDIS_URL, only its hash in the ACL file,
 * and redis/roadcast.conf included (once) at the end of Debian's redis.conf.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class InstallScriptIT {

    @Test
    void installsEverythingOnceAndThenChangesNothing(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("root");
        Path jar = Files.writeString(dir.resolve("roadcast.jar"), "first build");
        Path redisConf = Files.createDirectories(root.resolve("etc/redis")).resolve("redis.conf");
        Files.writeString(redisConf, "bind 127.0.0.1 -::1\nappendonly no\n");
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
        assertThat(Files.readString(root.resolve("etc/nginx/sites-available/roadcast.conf")))
                .as("the shipped site, with this host's nameservers as the resolver OCSP stapling needs")
                .isEqualTo(Files.readString(Repo.file("nginx/roadcast.conf"))
                        .replace("resolver                127.0.0.53 ", "resolver                " + hostNameservers()));
        assertThat(Files.readSymbolicLink(root.resolve("etc/nginx/sites-enabled/roadcast.conf")))
                .isEqualTo(Path.of("../sites-available/roadcast.conf"));
        assertThat(root.resolve("etc/roadcast/config-prod.yml")).hasSameBinaryContentAs(Repo.file("config-prod.yml"));
        for (String script : List.of("backup.sh", "restore.sh", "redis-login.sh")) {
            assertThat(root.resolve("opt/roadcast/scripts/" + script)).hasSameBinaryContentAs(Repo.file("scripts/" + script));
        }
        Path env = root.resolve("etc/roadcast/roadcast.env");
        String password = redisPassword(env);
        assertThat(mode(env)).isEqualTo("rw-r-----");
        assertAclHolds(root, password);
        assertThat(root.resolve("etc/redis/roadcast.conf")).hasSameBinaryContentAs(Repo.file("redis/roadcast.conf"));
        assertThat(Files.readString(redisConf)).as("Debian's settings kept, ours included last")
                .startsWith("bind 127.0.0.1 -::1\nappendonly no\n").endsWith("include /etc/redis/roadcast.conf\n");
        Path current = root.resolve("var/lib/roadcast/models/current");
        assertThat(current.resolve("model.json")).hasSameBinaryContentAs(Repo.file("models/model.json"));
        assertThat(mode(root.resolve("var/lib/roadcast"))).isEqualTo("rwxr-x---");

        Map<String, String> installed = snapshot(root);
        Commands.Outcome again = install(root, jar);
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).doesNotContain("changed");
        assertThat(snapshot(root)).isEqualTo(installed);

        assertThat(Files.readString(redisConf).split("include /etc/redis/roadcast.conf", -1)).as("included once").hasSize(2);

        String changed = "f".repeat(64);
        Files.writeString(env, "REDIS_URL=redis://roadcast:" + changed + "@127.0.0.1:6379/0\n");
        String operator = "user ops on #" + "e".repeat(64) + " ~* &* +@all\n";
        Files.writeString(root.resolve("etc/redis/roadcast.acl.local"), operator);
        Files.writeString(retrainEnv, "ROADCAST_READ_KEY=rk_reader\n");
        Files.writeString(jar, "second build");
        Commands.Outcome upgrade = install(root, jar);
        assertThat(upgrade.output().lines().filter(line -> line.startsWith("changed")))
                .containsExactly("changed  /opt/roadcast/roadcast.jar", "changed  /etc/redis/roadcast.acl");
        assertThat(Files.readString(env)).as("the secrets are kept").contains(changed + "@");
        assertThat(Files.readString(retrainEnv)).as("the read key is kept").contains("rk_reader");
        assertAclHolds(root, changed);
        assertThat(root.resolve("etc/redis/roadcast.acl")).content().as("the site's own users, appended").endsWith(operator);
    }

    /** The password in the REDIS_URL the installer wrote: user roadcast, 256 random bits as hex. */
    private static String redisPassword(Path env) throws Exception {
        java.util.regex.Matcher url = java.util.regex.Pattern.compile("(?m)^REDIS_URL=redis://roadcast:([0-9a-f]{64})@127\\.0\\.0\\.1:6379/0$")
                .matcher(Files.readString(env));
        assertThat(url.find()).as(Files.readString(env)).isTrue();
        return url.group(1);
    }

    /** The ACL turns the default user off and knows the service's password by its SHA-256 only. */
    private static void assertAclHolds(Path root, String password) throws Exception {
        String acl = Files.readString(root.resolve("etc/redis/roadcast.acl"));
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(password.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(acl).startsWith("user default off ").contains("user roadcast on #" + hash + " ").doesNotContain(password);
        assertThat(mode(root.resolve("etc/redis/roadcast.acl"))).isEqualTo("rw-r-----");
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
