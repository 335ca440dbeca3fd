package com.roadcast.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test CA and a server certificate for 127.0.0.1 signed by it, made with the openssl command line
 * into {@code dir}: roadcast.crt, roadcast.key and roadcast-chain.pem, the names nginx/roadcast.conf
 * expects. The leaf names an OCSP responder (by default a closed port), as a public CA's would, so OCSP
 * stapling is configured for real; clients trust the CA, never "trust all".
 */
final class Tls {
    private final Path dir;

    private Tls(Path dir) {
        this.dir = dir;
    }

    static Tls generate(Path dir) throws IOException, InterruptedException {
        return generate(dir, "http://127.0.0.1:9/");
    }

    /** As {@link #generate(Path)}, the leaf naming {@code ocspUrl} as its OCSP responder. */
    static Tls generate(Path dir, String ocspUrl) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("leaf.ext"), String.join("\n", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "authorityInfoAccess=OCSP;URI:" + ocspUrl, "basicConstraints=CA:FALSE",
                "keyUsage=digitalSignature,keyEncipherment", "extendedKeyUsage=serverAuth", ""));
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                "-days", "2", "-subj", "/CN=Roadcast test CA");
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "roadcast.key", "-out", "leaf.csr",
                "-subj", "/CN=127.0.0.1");
        openssl(dir, "x509", "-req", "-in", "leaf.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "roadcast.crt", "-days", "2", "-extfile", "leaf.ext");
        Files.copy(dir.resolve("ca.crt"), dir.resolve("roadcast-chain.pem"));
        return new Tls(dir);
    }

    Path dir() {
        return dir;
    }

    Path leafCertificate() {
        return dir.resolve("roadcast.crt");
    }

    Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    /** A client context that trusts the test CA only. */
    SSLContext clientContext() throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caCertificate())) {
            trust.setCertificateEntry("roadcast-test-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Commands.run(dir, command);
    }
}
