package com.roadcast.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * about either (nor about an instance of the template), {@code systemd-analyze security --offline=true}
 * rates both at or below 2.0, the settings the deployment relies on are there, and the two files
 * differ only in their ports, audit file and comments, so a fix to one cannot be forgotten in the other.
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
    void exposureIsAtMostTwo(@TempDir Path dir) throws Exception {
        for (String name : List.of("roadcast.service", "roadcast@.service")) {
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
