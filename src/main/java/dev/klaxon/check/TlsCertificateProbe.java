package dev.klaxon.check;

import dev.klaxon.platform.KlaxonConfig;
import dev.klaxon.platform.OutboundGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Reads the certificate chain a TLS server presents and when it expires. The chain is read even when it is not
 * trusted (self-signed, wrong host): expiry is what this check is about, and trust problems become a warning.
 */
@ApplicationScoped
public class TlsCertificateProbe {

    @Inject
    KlaxonConfig config;

    @Inject
    OutboundGuard guard;

    public ProbeResult probe(String host, int port) {
        int timeout = (int) config.checks().timeout().toMillis();
        RecordingTrustManager trust;
        try {
            trust = new RecordingTrustManager(defaultTrustManager());
        } catch (GeneralSecurityException e) {
            return ProbeResult.failed(ProbeResult.describe(e));
        }
        String failure = null;
        // a target is an address a user typed: resolved and checked by the guard, connected to a checked address
        try (Socket raw = guard.connect(host, port, config.checks().timeout())) {
            raw.setSoTimeout(timeout);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[]{trust}, null);
            try (SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(raw, host, port, false)) {
                SSLParameters params = tls.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS"); // the default trust manager then checks the host name
                tls.setSSLParameters(params);
                tls.startHandshake();
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            failure = ProbeResult.describe(e);
        }
        X509Certificate[] chain = trust.chain;
        if (chain == null || chain.length == 0) {
            return ProbeResult.failed(failure == null ? "the server presented no certificate" : failure);
        }
        Instant earliest = Arrays.stream(chain).map(c -> c.getNotAfter().toInstant()).min(Comparator.naturalOrder())
                .orElseThrow();
        String warning = trust.problem != null ? "not trusted: " + trust.problem : null;
        if (failure != null) {
            warning = (warning == null ? "" : warning + "; ") + "handshake did not complete: " + failure;
        }
        return new ProbeResult(earliest, null, warning);
    }

    private static X509ExtendedTrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager available");
    }

    /** Keeps the server's chain, asks the JDK's trust manager for its opinion, and never fails the handshake. */
    static final class RecordingTrustManager extends X509ExtendedTrustManager {

        private final X509ExtendedTrustManager delegate;
        volatile X509Certificate[] chain;
        volatile String problem;

        RecordingTrustManager(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            this.chain = chain.clone();
            try {
                delegate.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException | RuntimeException e) {
                problem = ProbeResult.describe(e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            this.chain = chain.clone();
            try {
                delegate.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException | RuntimeException e) {
                problem = ProbeResult.describe(e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            this.chain = chain.clone();
            try {
                delegate.checkServerTrusted(chain, authType);
            } catch (CertificateException | RuntimeException e) {
                problem = ProbeResult.describe(e);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("this probe is a client only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("this probe is a client only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("this probe is a client only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
