package dev.klaxon.ingest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 10 MB bodies, declared (Content-Length) or streamed (chunked, no length), are refused with 413 in the path's
 * error shape, without the server reading them to the end; nothing is written and the server keeps serving.
 */
@QuarkusTest
public class BodyLimitsTest {

    public static final long TEN_MB = 10L * 1024 * 1024;

    /** An answer read off the socket: status, headers (lower-case names), body, and how much was sent by then. */
    public record RawResponse(int status, Map<String, String> headers, String body, long bytesWritten) {
    }

    @ParameterizedTest
    @CsvSource({"hooks,false", "hooks,true", "enqueue,false", "enqueue,true"})
    void tenMegabytesAreRefusedWith413(String path, boolean chunked) throws Exception {
        String serviceId = service(policy("PT5M", 0, user("Big Body")));
        String key = integration(serviceId, path.equals("hooks") ? "GENERIC" : "PAGERDUTY");
        String target = path.equals("hooks") ? "/hooks/" + key : "/v2/enqueue";
        String prefix = path.equals("hooks")
                ? "{\"action\":\"trigger\",\"summary\":\"huge\",\"details\":{\"blob\":\""
                : "{\"routing_key\":\"" + key + "\",\"event_action\":\"trigger\",\"payload\":{\"summary\":\"huge\",\"source\":\"h\",\"severity\":\"info\",\"custom_details\":\"";

        RawResponse r = post(target, prefix, chunked);
        assertEquals(413, r.status(), r.toString());
        if (path.equals("hooks")) {
            assertTrue(r.headers().get("content-type").startsWith("application/problem+json"), r.toString());
            assertTrue(r.body().contains("\"status\":413"), r.body());
        } else {
            assertTrue(r.headers().get("content-type").startsWith("application/json"), r.toString());
            assertTrue(r.body().contains("\"status\":\"invalid event\""), r.body());
        }
        assertEquals("close", r.headers().get("connection"), r.toString());
        assertTrue(r.bytesWritten() < TEN_MB, "the server answered before taking the whole body: " + r.bytesWritten());
        try (IngestDb db = new IngestDb()) {
            assertEquals(new IngestDb.Footprint(0, 0, 0), db.footprint(serviceId));
        }
        // and it keeps serving
        String small = path.equals("hooks") ? "{\"action\":\"trigger\",\"summary\":\"small\"}"
                : Samples.pagerDuty("pagerduty/04-trigger-without-dedup-key.json", key);
        if (path.equals("hooks")) {
            hook(key, small).then().statusCode(202);
        } else {
            dev.klaxon.testing.Api.given().contentType("application/json").body(small).post("/v2/enqueue").then().statusCode(202);
        }
    }

    /**
     * Sends headers, then streams 10 MB from another thread while this one reads the answer; a refusal that comes
     * before the upload ends shows the server did not read it all.
     */
    static RawResponse post(String path, String prefix, boolean chunked) throws Exception {
        return post(path, "application/json", Map.of(), prefix, "a", chunked);
    }

    /**
     * {@link #post(String, String, boolean)} with this content type and these extra request headers; after the prefix
     * the body repeats {@code filler} (a JSON array's items, say, so that the body stays well-formed throughout).
     */
    public static RawResponse post(String path, String contentType, Map<String, String> extraHeaders, String prefix,
                                   String filler, boolean chunked) throws Exception {
        try (Socket socket = new Socket()) {
            // a small send buffer: what we manage to write then tracks what the server took in
            socket.setSendBufferSize(64 * 1024);
            socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), RestAssured.port));
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder extra = new StringBuilder();
            extraHeaders.forEach((k, v) -> extra.append(k).append(": ").append(v).append("\r\n"));
            String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType + "\r\n" + extra
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + TEN_MB + "\r\n") + "\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            AtomicLong written = new AtomicLong();
            Thread writer = new Thread(() -> {
                try {
                    byte[] chunk = new byte[64 * 1024];
                    byte[] first = prefix.getBytes(StandardCharsets.UTF_8);
                    byte[] fill = filler.getBytes(StandardCharsets.UTF_8);
                    long left = TEN_MB;
                    long at = 0;
                    while (left > 0) {
                        int n = (int) Math.min(chunk.length, left);
                        for (int i = 0; i < n; i++, at++) {
                            chunk[i] = at < first.length ? first[(int) at] : fill[(int) ((at - first.length) % fill.length)];
                        }
                        if (chunked) {
                            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        }
                        out.write(chunk, 0, n);
                        if (chunked) {
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                        left -= n;
                        written.addAndGet(n);
                        if (left == 0 && chunked) {
                            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                    }
                    out.flush();
                } catch (IOException closedByServer) {
                    // expected: the server refuses and closes while we are still sending
                }
            }, "ten-megabytes");
            writer.setDaemon(true);
            writer.start();
            RawResponse r = read(socket.getInputStream(), written);
            writer.join(60_000);
            return r;
        }
    }

    private static RawResponse read(InputStream in, AtomicLong written) throws IOException {
        String status = line(in);
        long bytesAtAnswer = written.get();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        return new RawResponse(Integer.parseInt(status.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8),
                bytesAtAnswer);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c == -1) {
                throw new IOException("connection closed mid-response: " + b);
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
