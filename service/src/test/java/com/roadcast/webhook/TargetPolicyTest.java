package com.roadcast.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TargetPolicyTest {
    /** A resolver the test controls: literal addresses as themselves, names from the map. */
    private final Map<String, String[]> dns = new HashMap<>(Map.of("hooks.example.org", new String[] {"93.184.216.34"},
            "dual.example.org", new String[] {"93.184.216.34", "10.1.2.3"}, "localhost", new String[] {"127.0.0.1", "::1"}));
    private final TargetPolicy policy = new TargetPolicy(Set.of("receiver.internal", "127.0.0.1"), this::resolve);

    private InetAddress[] resolve(String host) throws UnknownHostException {
        String[] names = dns.get(host);
        if (names == null) {
            if (host.matches("[0-9.]+|.*:.*")) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
        InetAddress[] addresses = new InetAddress[names.length];
        for (int i = 0; i < names.length; i++) {
            addresses[i] = InetAddress.getByName(names[i]);
        }
        return addresses;
    }

    @Test
    void aPublicHttpsTargetIsAccepted() {
        assertThat(policy.problem("https://hooks.example.org/roadcast?x=1")).isEmpty();
        assertThat(policy.problem("https://93.184.216.34:8443/")).isEmpty();
        assertThat(policy.problem("https://[2606:2800:220:1:248:1893:25c8:1946]/")).isEmpty();
    }

    @Test
    void innerAddressesAreRefusedNamingTheirKind() {
        assertThat(policy.problem("https://10.0.0.1/")).get().asString().contains("10.0.0.1, a private address");
        assertThat(policy.problem("https://172.16.5.4/")).get().asString().contains("private");
        assertThat(policy.problem("https://192.168.1.1/")).get().asString().contains("private");
        assertThat(policy.problem("https://100.64.0.1/")).get().asString().contains("private");
        assertThat(policy.problem("https://127.0.0.2/")).get().asString().contains("loopback");
        assertThat(policy.problem("https://[::1]/")).get().asString().contains("loopback");
        assertThat(policy.problem("https://169.254.169.254/latest/meta-data")).get().asString().contains("link-local");
        assertThat(policy.problem("https://[fe80::1]/")).get().asString().contains("link-local");
        assertThat(policy.problem("https://[fd12:3456::1]/")).get().asString().contains("unique-local");
        assertThat(policy.problem("https://0.0.0.0/")).get().asString().contains("unspecified");
        assertThat(policy.problem("https://[::]/")).get().asString().contains("unspecified");
        assertThat(policy.problem("https://224.0.0.1/")).get().asString().contains("multicast");
        assertThat(policy.problem("https://[ff02::1]/")).get().asString().contains("multicast");
        assertThat(policy.problem("https://[::ffff:10.0.0.1]/")).get().asString().contains("private");
    }

    @Test
    void everyAddressOfANameIsChecked() {
        assertThat(policy.problem("https://dual.example.org/")).get().asString()
                .contains("host dual.example.org resolves to 10.1.2.3, a private address");
    }

    @Test
    void aNameThatResolvesElsewhereLaterIsRefusedThen() {
        assertThat(policy.problem("https://hooks.example.org/")).isEmpty();
        dns.put("hooks.example.org", new String[] {"127.0.0.1"});
        assertThat(policy.problem("https://hooks.example.org/")).get().asString().contains("loopback");
    }

    @Test
    void plainHttpCredentialsAndNonUrlsAreRefused() {
        assertThat(policy.problem("http://hooks.example.org/")).get().asString().contains("must use https");
        assertThat(policy.problem("https://user:pw@hooks.example.org/")).get().asString().contains("credentials");
        assertThat(policy.problem("ftp://hooks.example.org/")).get().asString().contains("https URL");
        assertThat(policy.problem("/relative")).get().asString().contains("https URL");
        assertThat(policy.problem("https://no such")).get().asString().contains("not a URL");
        assertThat(policy.problem("https://unknown.example.org/")).get().asString().contains("does not resolve");
    }

    @Test
    void allowedHostsMayUseHttpAndInnerAddresses() {
        assertThat(policy.problem("http://127.0.0.1:9999/hook")).isEmpty();
        assertThat(policy.problem("http://RECEIVER.internal/hook")).isEmpty();
        assertThat(policy.problem("https://localhost/")).get().asString().contains("loopback");
    }
}
