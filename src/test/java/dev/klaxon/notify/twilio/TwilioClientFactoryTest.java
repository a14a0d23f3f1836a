package dev.klaxon.notify.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import dev.klaxon.testing.FakeTwilio;
import dev.klaxon.testing.SdkAgainstFakeTwilio;
import dev.klaxon.testing.FakeTwilio.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The official Twilio SDK, through a client from {@link TwilioClientFactory}, against {@link FakeTwilio}: the
 * factory's timeouts, pool and routing, and how {@link TwilioFailures} reads what the SDK throws. Plain JUnit: no
 * Quarkus. That the fake itself behaves like Twilio is {@code FakeTwilioTest}'s job.
 */
class TwilioClientFactoryTest extends SdkAgainstFakeTwilio {

    @Test
    void smsGoesThroughTheFactoryClientToTheFake() {
        Message message = Message.creator(new PhoneNumber(ALICE), new PhoneNumber(FROM), "Klaxon #12: disk full a/c/e")
                .setStatusCallback(URI.create("https://klaxon.example.com/twilio/sms/status"))
                .create(client);

        assertTrue(message.getSid().matches("SM[0-9a-f]{32}"), message.getSid());
        assertEquals(Message.Status.QUEUED, message.getStatus());
        assertEquals(ALICE, message.getTo());
        assertEquals(FROM, message.getFrom().toString());
        assertEquals("Klaxon #12: disk full a/c/e", message.getBody());
        assertEquals(fake.accountSid(), message.getAccountSid());
        assertEquals(Message.Direction.OUTBOUND_API, message.getDirection());
        assertEquals("1", message.getNumSegments());
        assertNotNull(message.getDateCreated(), "RFC 2822 date_created must parse");
        assertTrue(Math.abs(Duration.between(message.getDateCreated(), ZonedDateTime.now()).toSeconds()) < 60);
        assertNull(message.getDateSent());

        List<RecordedRequest> sent = fake.messages();
        assertEquals(1, sent.size());
        RecordedRequest r = sent.get(0);
        assertEquals("POST", r.method());
        assertEquals("/2010-04-01/Accounts/" + fake.accountSid() + "/Messages.json", r.path());
        assertEquals(ALICE, r.param("To"));
        assertEquals(FROM, r.param("From"));
        assertEquals("Klaxon #12: disk full a/c/e", r.param("Body"));
        assertEquals("https://klaxon.example.com/twilio/sms/status", r.param("StatusCallback"));
        assertEquals(message.getSid(), r.sid());
        assertEquals(201, r.responseStatus());
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (fake.accountSid() + ":" + fake.authToken()).getBytes(StandardCharsets.UTF_8));
        assertEquals(basic, r.header("Authorization"));
        assertEquals("api.twilio.com", r.header("Host"), "only the connection is rerouted, not the URL");
        assertTrue(r.header("Content-Type").startsWith("application/x-www-form-urlencoded"));
        assertEquals(1, fake.messagesTo(ALICE).size());
        assertEquals(0, fake.messagesTo(BOB).size());
    }

    @Test
    void voiceCallCarriesTwimlUrlStatusCallbackAndMachineDetection() {
        Call call = Call.creator(new PhoneNumber(BOB), new PhoneNumber(FROM),
                        URI.create("https://klaxon.example.com/twilio/voice/twiml?alert=42"))
                .setStatusCallback(URI.create("https://klaxon.example.com/twilio/voice/status"))
                .setStatusCallbackEvent(List.of("initiated", "ringing", "answered", "completed"))
                .setMachineDetection("DetectMessageEnd")
                .setTimeout(30)
                .create(client);

        assertTrue(call.getSid().matches("CA[0-9a-f]{32}"), call.getSid());
        assertEquals(Call.Status.QUEUED, call.getStatus());
        assertEquals(BOB, call.getTo());
        assertEquals(FROM, call.getFrom());
        assertNotNull(call.getDateCreated());
        assertNull(call.getStartTime());

        RecordedRequest r = fake.awaitCalls(1, Duration.ofSeconds(1)).get(0);
        assertEquals("/2010-04-01/Accounts/" + fake.accountSid() + "/Calls.json", r.path());
        assertEquals(BOB, r.param("To"));
        assertEquals(FROM, r.param("From"));
        assertEquals("https://klaxon.example.com/twilio/voice/twiml?alert=42", r.param("Url"));
        assertEquals("https://klaxon.example.com/twilio/voice/status", r.param("StatusCallback"));
        assertEquals(List.of("initiated", "ringing", "answered", "completed"), r.params("StatusCallbackEvent"));
        assertEquals("DetectMessageEnd", r.param("MachineDetection"));
        assertEquals("30", r.param("Timeout"));
        assertEquals(1, fake.callsTo(BOB).size());

        Call fetched = Call.fetcher(call.getSid()).fetch(client);
        assertNotNull(fetched.getStartTime(), "list/fetch view carries start_time");
        Call hungUp = Call.updater(call.getSid()).setStatus(Call.UpdateStatus.COMPLETED).update(client);
        assertEquals(Call.Status.COMPLETED, hungUp.getStatus());
        assertEquals("completed", fake.resource(call.getSid()).get("status"));
    }

    @Test
    void responseTimeoutFiresAgainstAHangingProvider() {
        TwilioRestClient impatient = TwilioClientFactory.create(fake.accountSid(), fake.authToken(), fake.uri(),
                Duration.ofSeconds(1), Duration.ofMillis(400));
        try {
            // without the response timeout the call would wait out the hang and succeed: no exception, no timeout cause
            fake.hangNext(Duration.ofSeconds(20));
            ApiException e = assertThrows(ApiException.class, () ->
                    Message.creator(new PhoneNumber(ALICE), new PhoneNumber(FROM), "slow").create(impatient));
            assertInstanceOf(SocketTimeoutException.class, e.getCause(), String.valueOf(e.getCause()));
            assertTrue(TwilioFailures.outcomeUnknown(e), "the request went out; Twilio may have taken it");
            assertTrue(fake.messages().isEmpty());

            // the broken connection is not reused; the next send works
            Message ok = Message.creator(new PhoneNumber(ALICE), new PhoneNumber(FROM), "fine").create(impatient);
            assertNotNull(ok.getSid());
        } finally {
            TwilioClientFactory.close(impatient);
        }
    }

    @Test
    void slowButInTimeProviderStillSucceedsAndCreates() {
        fake.hangNext(Duration.ofMillis(300));
        Message m = Message.creator(new PhoneNumber(ALICE), new PhoneNumber(FROM), "late").create(client);
        assertEquals(m.getSid(), fake.awaitMessages(1, Duration.ofSeconds(2)).get(0).sid());
    }

    @Test
    void connectTimeoutFiresAgainstAnUnresponsiveHost() throws IOException {
        // A listening socket that never accepts: once its accept queue is full, Linux drops further SYNs, so a
        // connect hangs until the client's connect timeout.
        try (ServerSocket black = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(new InetSocketAddress(black.getInetAddress(), black.getLocalPort()), 200);
                        fillers.add(s);
                    } catch (IOException full) {
                        s.close();
                        break;
                    }
                }
                TwilioRestClient c = TwilioClientFactory.create(fake.accountSid(), fake.authToken(),
                        URI.create("http://127.0.0.1:" + black.getLocalPort()), Duration.ofMillis(500), Duration.ofSeconds(5));
                try {
                    // 500 ms configured; the SDK's own default is 30.5 s. The bound is 30 times the setting, far from
                    // both: it does not depend on how busy the machine is, and it fails if the default applied
                    assertTimeoutPreemptively(Duration.ofSeconds(15), () -> assertThrows(ApiException.class,
                            () -> Message.creator(new PhoneNumber(ALICE), new PhoneNumber(FROM), "x").create(c)));
                } finally {
                    TwilioClientFactory.close(c);
                }
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void serverErrorsSurfaceAsApiExceptionAfterTheSdksOwnRetries() {
        fake.failNext(500, null, 3);
        ApiException e = assertThrows(ApiException.class, () ->
                Message.creator(new PhoneNumber(ALICE), new PhoneNumber(FROM), "boom").create(client));
        assertEquals(500, e.getStatusCode());
        assertEquals(20500, e.getCode());
        assertEquals(3, posts(), "the SDK makes 3 attempts on 5xx");
        assertTrue(fake.messages().isEmpty());
        // what Klaxon makes of it: Twilio is failing (counts for the breaker), and certainly nothing was sent
        assertTrue(TwilioFailures.providerFault(e));
        assertFalse(TwilioFailures.outcomeUnknown(e));
    }

    @Test
    void aSingle500IsRetriedByTheSdkAndTheMessageGoesOut() {
        fake.failNext(500, null);
        Message m = Message.creator(new PhoneNumber(ALICE), new PhoneNumber(FROM), "retry").create(client);
        assertNotNull(m.getSid());
        assertEquals(2, posts());
        assertEquals(1, fake.messages().size());
    }

    @Test
    void clientErrorsAreNotRetriedAndCarryTwiliosCode() {
        fake.failNext(400, "{\"code\":21610,\"message\":\"Attempt to send to unsubscribed recipient\","
                + "\"more_info\":\"https://www.twilio.com/docs/errors/21610\",\"status\":400}");
        ApiException e = assertThrows(ApiException.class, () ->
                Message.creator(new PhoneNumber(ALICE), new PhoneNumber(FROM), "stop").create(client));
        assertEquals(21610, e.getCode());
        assertEquals(400, e.getStatusCode());
        assertEquals(1, posts());
        // what Klaxon makes of it: this message was refused (fails for good), Twilio itself is fine
        assertFalse(TwilioFailures.providerFault(e));
        assertFalse(TwilioFailures.outcomeUnknown(e));
    }

    @Test
    void garbageResponseSurfacesAsApiException() {
        fake.respondGarbageNext();
        ApiException e = assertThrows(ApiException.class, () ->
                Message.creator(new PhoneNumber(ALICE), new PhoneNumber(FROM), "garbage").create(client));
        assertTrue(fake.messages().isEmpty());
        // a 2xx Klaxon cannot read may have been taken: reconcile with Twilio, do not blindly send again
        assertTrue(TwilioFailures.outcomeUnknown(e), String.valueOf(e));
    }

    @Test
    void wrongCredentialsAre401WithTwilioError20003() {
        TwilioRestClient wrong = TwilioClientFactory.create(fake.accountSid(), "not-the-token", fake.uri(),
                Duration.ofSeconds(1), Duration.ofSeconds(2));
        try {
            ApiException e = assertThrows(ApiException.class, () ->
                    Message.creator(new PhoneNumber(ALICE), new PhoneNumber(FROM), "x").create(wrong));
            assertEquals(401, e.getStatusCode());
            assertEquals(20003, e.getCode());
            assertTrue(fake.messages().isEmpty());
            assertEquals(401, fake.requests().get(0).responseStatus());
        } finally {
            TwilioClientFactory.close(wrong);
        }
    }

    @Test
    void poolAllowsMoreParallelRequestsThanTwiliosDefaultOf20() throws Exception {
        int parallel = 30;
        // every request is held open until released: with a pool of 20 the 21st could never get in
        for (int i = 0; i < parallel; i++) {
            fake.stallNextTo(ALICE, Duration.ofSeconds(50));
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Message>> futures = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                String body = "storm " + i;
                futures.add(pool.submit(() ->
                        Message.creator(new PhoneNumber(ALICE), new PhoneNumber(FROM), body).create(client)));
            }
            dev.klaxon.testing.Eventually.until(() -> fake.maxConcurrentRequests() == parallel,
                    "all " + parallel + " requests held open at once; peak " + fake.maxConcurrentRequests());
            fake.releaseStalls();
            for (Future<Message> f : futures) {
                assertNotNull(f.get(30, TimeUnit.SECONDS).getSid());
            }
        } finally {
            fake.releaseStalls();
            pool.shutdownNow();
        }
        assertEquals(parallel, fake.messages().size());
    }

    @Test
    void twilioHostsAreNeverRerouted() {
        assertTrue(TwilioClientFactory.isTwilioHost("api.twilio.com"));
        assertTrue(TwilioClientFactory.isTwilioHost("API.Twilio.com."));
        assertTrue(TwilioClientFactory.isTwilioHost("api.dublin.ie1.twilio.com"));
        assertFalse(TwilioClientFactory.isTwilioHost("127.0.0.1"));
        assertFalse(TwilioClientFactory.isTwilioHost("nottwilio.com"));
        assertFalse(TwilioClientFactory.isTwilioHost("twilio.com.evil.example"));

        TwilioRestClient prod = TwilioClientFactory.create("AC1", "t", Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertNull(prod.getRegion());
        assertNull(prod.getEdge());
        TwilioClientFactory.close(prod);

        TwilioRestClient regional = TwilioClientFactory.create("AC1", "t", URI.create("https://api.dublin.ie1.twilio.com"),
                Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertEquals("ie1", regional.getRegion());
        assertEquals("dublin", regional.getEdge());
        TwilioClientFactory.close(regional);
    }

    @Test
    void rejectsUnusableArguments() {
        Duration s = Duration.ofSeconds(1);
        assertThrows(IllegalArgumentException.class, () ->
                TwilioClientFactory.create("AC1", "t", URI.create("http://localhost:1/prefix"), s, s));
        assertThrows(IllegalArgumentException.class, () ->
                TwilioClientFactory.create("AC1", "t", URI.create("ftp://localhost"), s, s));
        assertThrows(IllegalArgumentException.class, () ->
                TwilioClientFactory.create("AC1", "t", fake.uri(), Duration.ZERO, s));
        assertThrows(IllegalArgumentException.class, () ->
                TwilioClientFactory.create(" ", "t", fake.uri(), s, s));
        assertThrows(NullPointerException.class, () ->
                TwilioClientFactory.create("AC1", null, fake.uri(), s, s));
    }

    @Test
    void postSignedCallbacksValidateAgainstThePublicUrl() throws IOException {
        HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String publicUrl = "http://127.0.0.1:" + app.getAddress().getPort() + "/twilio/sms";
        app.createContext("/twilio/sms", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            boolean ok = TwilioSignature.isValid(fake.authToken(), publicUrl, form,
                    exchange.getRequestHeaders().getFirst(TwilioSignature.HEADER));
            exchange.sendResponseHeaders(ok ? 204 : 403, -1);
            exchange.close();
        });
        app.start();
        try {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("MessageSid", "SM0123456789abcdef0123456789abcdef");
            form.put("From", ALICE);
            form.put("To", FROM);
            form.put("Body", "12a");
            HttpResponse<String> good = fake.postSigned(publicUrl, form, fake.authToken());
            assertEquals(204, good.statusCode());
            HttpResponse<String> badToken = fake.postSigned(publicUrl, form, "wrong-token");
            assertEquals(403, badToken.statusCode());
            HttpResponse<String> otherUrl = fake.postSigned(publicUrl + "?x=1", form, fake.authToken());
            assertEquals(403, otherUrl.statusCode(), "signed for another URL");
        } finally {
            app.stop(0);
        }
    }

    private static long posts() {
        return fake.requests().stream().filter(r -> r.method().equals("POST")).count();
    }
}
