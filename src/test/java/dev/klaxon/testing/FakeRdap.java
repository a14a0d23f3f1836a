package dev.klaxon.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local RDAP server (RFC 9083 domain objects) on loopback: {@code GET /domain/{name}} answers the registration
 * a test set with {@link #register}, else RDAP's 404 error object.
 */
public final class FakeRdap implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, Instant> expirations = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    private FakeRdap() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/domain/", this::domain);
        server.start();
    }

    public static FakeRdap start() {
        try {
            return new FakeRdap();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** The registry now says {@code domain} expires at {@code expiration}. */
    public void register(String domain, Instant expiration) {
        expirations.put(domain, expiration);
    }

    public int requests() {
        return requests.get();
    }

    private void domain(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String name = ex.getRequestURI().getPath().substring("/domain/".length());
        Instant expiration = expirations.get(name);
        String body;
        int status;
        if (!"GET".equals(ex.getRequestMethod())) {
            status = 405;
            body = "{\"errorCode\":405,\"title\":\"Method Not Allowed\"}";
        } else if (expiration == null) {
            status = 404;
            body = "{\"rdapConformance\":[\"rdap_level_0\"],\"errorCode\":404,\"title\":\"Not Found\"}";
        } else {
            status = 200;
            body = """
                    {"rdapConformance":["rdap_level_0","icann_rdap_response_profile_0"],"objectClassName":"domain",
                     "handle":"%s-TEST","ldhName":"%s","status":["client transfer prohibited"],
                     "events":[{"eventAction":"registration","eventDate":"2001-02-03T04:05:06Z"},
                               {"eventAction":"expiration","eventDate":"%s"},
                               {"eventAction":"last update of RDAP database","eventDate":"2026-01-01T00:00:00Z"}]}
                    """.formatted(name.toUpperCase(), name.toUpperCase(), expiration);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/rdap+json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
