package com.roadcast.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped units, checked by systemd's own tools: {@code systemd-analyze verify} has nothing to say
 * about any (nor about an instance of the template), {@code systemd-analyze security --offline=true}
 * rates the services at or below 2.0, the settings the deployment relies on are there, the two serving
 * units differ only in their ports, audit file and comments, and the retrain service keeps their whole
 * sandbox, so a fix to one cannot be forgotten in another; its timer fires weekly.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SystemdUnitsIT {
    private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d+)");

    @Test
    void systemdAnalyzeVerifyIsSilentOnBothUnitsAndATemplateInstance(@TempDir Path dir) throws Exception {
        Path single = copy("roadcast.service", dir, "roadcast.service");
        Path template = copy("roadcast@.service", dir, "roadcast@.service");
        Path instance = copy("roadcast@.service", dir, "roadcast@2.service");
        for (Path unit : List.of(single, template, instance)) {
            Commands.Outcome outcome = Commands.outcome(dir, List.of("systemd-analyze", "verify", unit.toString()), null);
            assertThat(outcome.exitCode()).as(unit + ": " + outcome.output()).isZero();
            assertThat(outcome.output()).as(unit.toString()).isBlank();
        }
    }

    @Test
    void systemdAnalyzeVerifyIsSilentOnTheRetrainServiceAndTimer(@TempDir Path dir) throws Exception {
        Path service = copy("roadcast-retrain.service", dir, "roadcast-retrain.service");
        Path timer = copy("roadcast-retrain.timer", dir, "roadcast-retrain.timer");
        for (Path unit : List.of(service, timer)) {
            Commands.Outcome outcome = Commands.outcome(dir, List.of("systemd-analyze", "verify", unit.toString()), null);
            assertThat(outcome.exitCode()).as(unit + ": " + outcome.output()).isZero();
            assertThat(outcome.output()).as(unit.toString()).isBlank();
        }
    }

    @Test
    void exposureIsAtMostTwo(@TempDir Path dir) throws Exception {
        for (String name : List.of("roadcast.service", "roadcast@.service", "roadcast-retrain.service")) {
            Path unit = copy(name, dir, name);
            Commands.Outcome outcome = Commands.outcome(dir,
                    List.of("systemd-analyze", "security", "--offline=true", "--no-pager", unit.toString()), null);
            Matcher matcher = EXPOSURE.matcher(outcome.output());
            assertThat(matcher.find()).as(outcome.output()).isTrue();
            double exposure = Double.parseDouble(matcher.group(1));
            System.out.println(name + ": overall exposure " + exposure);
            assertThat(exposure).as(name).isLessThanOrEqualTo(2.0);
        }
    }

    @Test
    void theUnitsCarryTheHardeningAndLifecycleTheDeploymentRelies(@TempDir Path dir) throws Exception {
        for (String name : List.of("roadcast.service", "roadcast@.service")) {
            List<String> lines = Files.readAllLines(Repo.file("systemd/" + name));
            assertThat(lines).as(name).contains("User=roadcast", "ProtectSystem=strict", "NoNewPrivileges=yes",
                    "PrivateTmp=yes", "CapabilityBoundingSet=", "AmbientCapabilities=", "Restart=on-failure",
                    "SuccessExitStatus=143", "EnvironmentFile=/etc/roadcast/roadcast.env", "MemoryDenyWriteExecute=no");
            for (String key : List.of("RestrictAddressFamilies=", "SystemCallFilter=@system-service", "MemoryMax=",
                    "LimitNOFILE=", "RestartSec=", "StartLimitBurst=", "TimeoutStopSec=", "IPAddressDeny=any")) {
                assertThat(lines).as(name + " " + key).anyMatch(line -> line.startsWith(key));
            }
            assertThat(lines).as(name + ": up only once ready").anyMatch(line -> line.startsWith("ExecStartPost=")
                    && line.contains("--fail") && line.contains("/health/ready") && line.contains("--retry"));
            assertThat(lines).as(name + ": the production configuration").anyMatch(line -> line.startsWith("ExecStart=")
                    && line.endsWith("server /etc/roadcast/config-prod.yml"));
        }
    }

    @Test
    void theRetrainServiceKeepsTheMainUnitsSandboxAndWritesOnlyItsOwnDirectories() throws Exception {
        List<String> main = settings("roadcast.service");
        List<String> sandbox = main.subList(main.indexOf("NoNewPrivileges=yes"), main.indexOf("[Install]")).stream()
                .filter(line -> !line.startsWith("StateDirectory") && !line.startsWith("LogsDirectory")).toList();
        List<String> retrain = settings("roadcast-retrain.service");
        assertThat(retrain).containsAll(sandbox).contains("Type=oneshot", "User=roadcast",
                "EnvironmentFile=/etc/roadcast/retrain.env", "StateDirectory=roadcast-retrain",
                "ReadWritePaths=/var/lib/roadcast/models/retrained");
        assertThat(retrain).as("writable: its state and its bundles, nothing of the service's")
                .filteredOn(line -> line.matches("(StateDirectory|LogsDirectory|CacheDirectory|RuntimeDirectory|ReadWritePaths)=.*"))
                .containsExactly("StateDirectory=roadcast-retrain", "ReadWritePaths=/var/lib/roadcast/models/retrained");
        assertThat(retrain).as("a failed run waits for the next timer").noneMatch(line -> line.startsWith("Restart="));
        assertThat(retrain).anyMatch(line -> line.startsWith("ExecStart=/usr/bin/python3 /opt/roadcast/training/retrain.py"));
    }

    @Test
    void theRetrainTimerFiresWeeklyCatchesUpAfterDowntimeAndSpreadsItsStart() throws Exception {
        List<String> timer = settings("roadcast-retrain.timer");
        assertThat(timer).contains("Persistent=true", "WantedBy=timers.target");
        assertThat(timer).anyMatch(line -> line.matches("RandomizedDelaySec=[1-9].*"));
        String calendar = timer.stream().filter(line -> line.startsWith("OnCalendar=")).findFirst().orElseThrow()
                .substring("OnCalendar=".length());
        String next = Commands.run(Repo.root(), List.of("systemd-analyze", "calendar", "--iterations=3", calendar));
        Matcher elapse = Pattern.compile("(?:Next elapse|Iter\\. #\\d): \\w+ (\\S+ \\S+)").matcher(next);
        List<LocalDateTime> times = new ArrayList<>();
        while (elapse.find()) {
            times.add(LocalDateTime.parse(elapse.group(1).replace(' ', 'T')));
        }
        assertThat(times).as(next).hasSize(3);
        assertThat(Duration.between(times.get(0), times.get(1))).isEqualTo(Duration.ofDays(7));
        assertThat(Duration.between(times.get(1), times.get(2))).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void theTemplateDiffersFromTheSingleUnitOnlyInPortsAuditFileAndComments() throws Exception {
        List<String> single = settings("roadcast.service");
        List<String> template = settings("roadcast@.service");
        assertThat(template.stream().map(line -> line.replace("81%i0", "8080").replace("81%i1", "8081")
                .replace("audit-%i.log", "audit.log").replace(" (instance %i)", "")).toList()).isEqualTo(single);
    }

    @Test
    void templateInstancesListenWhereNginxLooks() throws Exception {
        String nginx = Files.readString(Repo.file("nginx/roadcast.conf"));
        for (int instance : List.of(1, 2)) {
            assertThat(nginx).contains("server 127.0.0.1:81" + instance + "0 ");
        }
        assertThat(nginx).doesNotContain(":81" + 1 + "1", ":8081");
    }

    private static List<String> settings(String name) throws Exception {
        try (Stream<String> lines = Files.lines(Repo.file("systemd/" + name))) {
            return lines.filter(line -> !line.startsWith("#") && !line.isBlank()).toList();
        }
    }

    private static Path copy(String name, Path dir, String as) throws Exception {
        return Files.copy(Repo.file("systemd/" + name), dir.resolve(as));
    }
}
