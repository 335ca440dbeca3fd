package com.roadcast.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * TLS to Redis ({@code rediss://}): only certificates from the given PEM file (or the JVM's CAs) are
 * trusted, and the certificate must name the host the URL names (Jedis alone checks neither name nor,
 * without a hostname verifier, that the certificate is for this server).
 */
final class RedisTls {

    private RedisTls() {}

    /** Parameters that make the handshake check the server's name, as HTTPS does. */
    static SSLParameters checkingHostNames() {
        SSLParameters parameters = new SSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return parameters;
    }

    /** Sockets trusting the certificates in {@code pem}, or the JVM's defaults when it is null. */
    static SSLSocketFactory trusting(@Nullable Path pem) {
        if (pem == null) {
            return (SSLSocketFactory) SSLSocketFactory.getDefault();
        }
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("redis-" + n++, certificate);
            }
            if (n == 0) {
                throw new IllegalArgumentException("redis.trustedCertificates " + pem + " holds no certificate");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read redis.trustedCertificates " + pem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("redis.trustedCertificates " + pem + " is not a PEM file of certificates", e);
        }
    }
}
