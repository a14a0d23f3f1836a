package dev.klaxon.check;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A TLS server on loopback with a self-signed certificate made by the JDK's keytool for a validity the test
 * chooses (relative to the test clock, not the wall clock). {@link #useCertificate} swaps the certificate, as a
 * renewal would; {@link #plain()} starts a server that speaks no TLS at all.
 */
final class TestTlsServer implements AutoCloseable {

    private static final DateTimeFormatter KEYTOOL_DATE =
            DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final ServerSocket server;
    private final Thread acceptor;
    private volatile SSLContext tls;
    private volatile X509Certificate certificate;

    private TestTlsServer(boolean plain) throws IOException {
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> accept(plain), "test-tls-server");
        acceptor.setDaemon(true);
    }

    /** A TLS server whose certificate is valid from {@code notBefore} for {@code days} days. */
    static TestTlsServer start(Instant notBefore, int days) {
        try {
            TestTlsServer s = new TestTlsServer(false);
            s.useCertificate(notBefore, days);
            s.acceptor.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers every connection with a line of plain text: a TLS handshake with it fails. */
    static TestTlsServer plain() {
        try {
            TestTlsServer s = new TestTlsServer(true);
            s.acceptor.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String target() {
        return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    X509Certificate certificate() {
        return certificate;
    }

    void useCertificate(Instant notBefore, int days) {
        try {
            Path dir = Files.createTempDirectory("klaxon-tls");
            Path store = dir.resolve("server.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            List<String> cmd = new ArrayList<>(List.of(keytool, "-J-Duser.timezone=UTC", "-genkeypair", "-alias", "server",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                    "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                    "-startdate", KEYTOOL_DATE.format(notBefore.truncatedTo(ChronoUnit.SECONDS)),
                    "-validity", Integer.toString(days),
                    "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, "changeit".toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "changeit".toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            certificate = (X509Certificate) ks.getCertificate("server");
            tls = ctx;
            Files.delete(store);
            Files.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void accept(boolean plain) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                if (plain) {
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    continue;
                }
                try (SSLSocket t = (SSLSocket) tls.getSocketFactory().createSocket(s, null, s.getPort(), false)) {
                    t.setUseClientMode(false);
                    t.setSoTimeout(5000);
                    t.startHandshake();
                }
            } catch (IOException e) {
                // a client that gave up mid-handshake; serve the next one
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
