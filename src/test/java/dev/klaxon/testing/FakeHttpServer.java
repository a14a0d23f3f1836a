package dev.klaxon.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A plain-HTTP server on loopback standing in for a provider: it records every request and answers through a
 * handler, unless a fault was queued for the next POST ({@link #failNext}, {@link #hangNext}, {@link #garbageNext})
 * or the server was marked down ({@link #down}). The base of the ntfy, Pushover and webhook-receiver fakes.
 */
public class FakeHttpServer implements AutoCloseable {

    protected static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received; headers are case-insensitive. */
    public record Request(String method, String path, Map<String, String> query, Map<String, List<String>> headers,
                          String body, Instant receivedAt) {

        public String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        public Map<String, String> form() {
            return parse(body);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    public record Reply(int status, String contentType, String body) {
        public static Reply json(int status, Object value) {
            try {
                return new Reply(status, "application/json", JSON.writeValueAsString(value));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @FunctionalInterface
    public interface Handler {
        Reply handle(Request request) throws Exception;
    }

    private enum Kind { FAIL, HANG, HOLD, GARBAGE }

    private record Fault(Kind kind, int status) {
    }

    private static SSLContext selfSigned;

    private final String name;
    private final Handler handler;
    private final boolean tls;
    private final HttpServer server;
    private final ExecutorService executor;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Request> requests = new ArrayList<>();
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile CountDownLatch held = new CountDownLatch(0);
    private volatile int downStatus;
    protected volatile InstantSource clock = InstantSource.system();

    protected FakeHttpServer(String name, Handler handler) {
        this(name, handler, false);
    }

    private FakeHttpServer(String name, Handler handler, boolean selfSigned) {
        this.name = name;
        this.handler = handler;
        this.tls = selfSigned;
        try {
            InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            if (selfSigned) {
                HttpsServer https = HttpsServer.create(loopback, 64);
                https.setHttpsConfigurator(new HttpsConfigurator(selfSignedContext()));
                server = https;
            } else {
                server = HttpServer.create(loopback, 64);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** How the fake answers a request that no fault intercepted; provider fakes override it. */
    protected Reply answer(Request request) throws Exception {
        return handler.handle(request);
    }

    /** A server that answers every request with this handler. */
    public static FakeHttpServer start(String name, Handler handler) {
        return new FakeHttpServer(name, handler);
    }

    /** An HTTPS server whose certificate nobody trusts (self-signed, made with the JDK's keytool on first use). */
    public static FakeHttpServer startSelfSigned(String name, Handler handler) {
        FakeHttpServer server = new FakeHttpServer(name, handler, true);
        // a first TLS handshake in a cold JVM can take seconds; take that hit here, not in the timeout under test
        try {
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(60)).build()
                    .send(HttpRequest.newBuilder(URI.create(server.url() + "/warm-up")).build(), HttpResponse.BodyHandlers.discarding());
            throw new IllegalStateException("a self-signed certificate was trusted");
        } catch (IOException expected) {
            // the handshake failed: the certificate is not trusted, as intended
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return server;
    }

    /** {@code http://127.0.0.1:<port>} ({@code https} for a self-signed server) */
    public String url() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The clock the fake stamps requests and messages with; point it at the application's test clock. */
    public void useClock(InstantSource clock) {
        this.clock = clock == null ? InstantSource.system() : clock;
    }

    public void failNext(int status) {
        faults.add(new Fault(Kind.FAIL, status));
    }

    /** The next POST gets no answer until the server closes: the client's timeout has to end it. */
    public void hangNext() {
        faults.add(new Fault(Kind.HANG, 0));
    }

    /**
     * The next POST gets no answer until the test calls {@link #releaseHeld()} (or {@link #reset()}, or the server
     * closes); then it is answered 503. Unlike {@link #hangNext()}, how long it stays open is the test's decision, not
     * a race with the client's timeout — provided the client's timeout is longer than the test holds it.
     */
    public void holdNext() {
        held = new CountDownLatch(1);
        faults.add(new Fault(Kind.HOLD, 503));
    }

    /** Lets a request held by {@link #holdNext()} be answered. */
    public void releaseHeld() {
        held.countDown();
    }

    /** The next POST is answered 200 with an HTML body where JSON belongs. */
    public void garbageNext() {
        faults.add(new Fault(Kind.GARBAGE, 200));
    }

    /** Every request from now on is answered with this status (0: back to normal). */
    public void down(int status) {
        downStatus = status;
    }

    /** Back to a healthy server on the system clock with nothing recorded: no queued faults, not down. */
    public void reset() {
        faults.clear();
        held.countDown();
        downStatus = 0;
        clock = InstantSource.system();
        lock.lock();
        try {
            requests.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public List<Request> requests() {
        lock.lock();
        try {
            return List.copyOf(requests);
        } finally {
            lock.unlock();
        }
    }

    public List<Request> requests(Predicate<Request> filter) {
        return requests().stream().filter(filter).toList();
    }

    /** Waits until at least {@code count} requests match; fails the test after {@code timeout}. */
    public List<Request> await(Predicate<Request> filter, int count, Duration timeout) {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                List<Request> matching = requests.stream().filter(filter).toList();
                if (matching.size() >= count) {
                    return matching;
                }
                if (nanos <= 0) {
                    throw new AssertionError("fake " + name + ": expected " + count + " matching requests within "
                            + timeout + " but got " + matching.size() + "; all: " + requests);
                }
                nanos = changed.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            lock.unlock();
        }
    }

    /** Wakes everyone waiting in {@link #awaitState}; subclasses call it after changing what they hold. */
    protected void stateChanged() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until {@code probe} gives a value {@code done} accepts; fails the test after {@code timeout}. */
    public <T> T awaitState(Supplier<T> probe, Predicate<T> done, Duration timeout, String what) {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                T value = probe.get();
                if (done.test(value)) {
                    return value;
                }
                if (nanos <= 0) {
                    throw new AssertionError("fake " + name + ": " + what + " within " + timeout + "; last: " + value);
                }
                nanos = changed.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        held.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] bytes;
            try (InputStream in = exchange.getRequestBody()) {
                bytes = in.readAllBytes();
            }
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            Request request = new Request(method, exchange.getRequestURI().getRawPath(),
                    parse(exchange.getRequestURI().getRawQuery()), headers, new String(bytes, StandardCharsets.UTF_8),
                    clock.instant());
            lock.lock();
            try {
                requests.add(request);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            Reply reply;
            Fault fault = "POST".equals(method) ? faults.poll() : null;
            if (downStatus != 0) {
                reply = new Reply(downStatus, "text/plain", "down");
            } else if (fault != null && fault.kind == Kind.HANG) {
                try {
                    closed.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            } else if (fault != null && fault.kind == Kind.HOLD) {
                CountDownLatch release = held;
                try {
                    release.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                reply = new Reply(fault.status, "text/plain", "held, then failed");
            } else if (fault != null && fault.kind == Kind.FAIL) {
                reply = new Reply(fault.status, "text/plain", "injected failure");
            } else if (fault != null) {
                reply = new Reply(200, "text/html", "<html><body>502 Bad Gateway {{{</body></html>");
            } else {
                try {
                    reply = answer(request);
                } catch (Exception e) {
                    reply = new Reply(500, "text/plain", "fake " + name + " failed: " + e);
                }
            }
            byte[] out = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
            if (reply.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            }
            exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
        } catch (IOException e) {
            // the client gave up (timeout); nothing more to tell it
        }
    }

    private static synchronized SSLContext selfSignedContext() throws IOException {
        if (selfSigned == null) {
            Path dir = Files.createTempDirectory("klaxon-fake-tls");
            Path store = dir.resolve("self-signed.p12");
            char[] password = "changeit".toCharArray();
            try {
                Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                        "-genkeypair", "-alias", "fake", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                        "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12",
                        "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                        .redirectErrorStream(true).start();
                String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (keytool.waitFor() != 0) {
                    throw new IOException("keytool failed: " + out);
                }
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(store)) {
                    ks.load(in, password);
                }
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, password);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(kmf.getKeyManagers(), null, null);
                selfSigned = ctx;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            } catch (GeneralSecurityException e) {
                throw new IOException(e);
            }
        }
        return selfSigned;
    }

    static Map<String, String> parse(String encoded) {
        Map<String, String> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    @Override
    public String toString() {
        return "fake " + name + " at " + url();
    }
}
