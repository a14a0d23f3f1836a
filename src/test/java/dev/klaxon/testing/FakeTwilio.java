package dev.klaxon.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.klaxon.notify.twilio.TwilioSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for Twilio's REST API (2010-04-01 Messages and Calls), good enough for the official Java SDK
 * when its {@code TwilioRestClient} is built by {@code TwilioClientFactory} with {@link #url()} as base URL.
 *
 * <ul>
 *   <li>{@code POST /2010-04-01/Accounts/{sid}/Messages.json} → 201 Message resource (status {@code queued});</li>
 *   <li>{@code POST .../Calls.json} → 201 Call resource (status {@code queued});</li>
 *   <li>{@code GET .../Messages.json} / {@code Calls.json} → list page, newest first, filters {@code To}, {@code From},
 *       {@code DateSent}, {@code DateSent>}/{@code DateSent<} (= Twilio's {@code DateSent>=}/{@code <=}, inclusive),
 *       {@code StartTime…} likewise, {@code Status} (calls), paging with {@code PageSize}/{@code Page};</li>
 *   <li>{@code GET .../Messages/{sid}.json}, {@code .../Calls/{sid}.json} fetch; {@code POST} there updates
 *       ({@code Status}, {@code Body}, {@code Url}, {@code Twiml});</li>
 *   <li>HTTP Basic auth must be the account SID and auth token, else 401 with Twilio's error 20003.</li>
 * </ul>
 *
 * <p>Every request is recorded ({@link #requests()}); {@link #messages()} and {@link #calls()} hold only the POSTs
 * that created a resource, i.e. what Twilio would actually send. Failure injection ({@link #failNext},
 * {@link #hangNext}, {@link #respondGarbageNext}) queues one fault per call, each consumed by the next POST.
 * Klaxon's Twilio client turns the SDK's own retries of 5xx off, so one queued 5xx fails one send attempt.</p>
 *
 * <p>In list results a message's {@code date_sent} and a call's {@code start_time} are its creation time (the
 * creation response has them {@code null}, as Twilio does for queued resources); date filters use that time.</p>
 */
public final class FakeTwilio implements AutoCloseable {

    public static final String DEFAULT_ACCOUNT_SID = "AC00000000000000000000000000000001";
    public static final String DEFAULT_AUTH_TOKEN = "0123456789abcdef0123456789abcdef";

    /** Twilio's dates: RFC 2822 with a numeric zone and two-digit day ("Mon, 30 Mar 2026 10:00:00 +0000"). */
    public static final DateTimeFormatter RFC_2822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private static final String API = "/2010-04-01";
    private static final Pattern LIST = Pattern.compile("^/2010-04-01/Accounts/([^/]+)/(Messages|Calls)\\.json$");
    private static final Pattern INSTANCE =
            Pattern.compile("^/2010-04-01/Accounts/([^/]+)/(Messages|Calls)/([^/]+)\\.json$");
    private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{1,14}$");
    private static final String GSM_7_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String accountSid;
    private final String authToken;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient callbackClient;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final List<RecordedRequest> messages = new ArrayList<>();
    private final List<RecordedRequest> calls = new ArrayList<>();
    private final Map<String, Map<String, Object>> resources = new LinkedHashMap<>(); // sid → resource JSON
    private final Map<String, Instant> createdAt = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private volatile CountDownLatch releaseHangs = new CountDownLatch(1);
    private volatile CountDownLatch releaseStalls = new CountDownLatch(1);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile InstantSource clock = InstantSource.system();
    private volatile Duration latency = Duration.ZERO;
    private volatile Outage outage = Outage.NONE;
    private volatile CountDownLatch outageOver = new CountDownLatch(1);
    private final java.util.Set<String> refused = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** How the whole API behaves during an outage ({@link #outage(Outage)}). */
    public enum Outage {
        /** Normal service. */
        NONE,
        /** Every API request (sends, lists, fetches) answers 500. */
        ERRORS,
        /**
         * Every API request gets no answer for {@link #OUTAGE_HOLD} (longer than any client timeout in the tests),
         * then 503; nothing is created. Ending the outage answers the held requests at once.
         */
        TIMEOUTS
    }

    public static final Duration OUTAGE_HOLD = Duration.ofSeconds(5);

    private FakeTwilio(String accountSid, String authToken) throws IOException {
        this.accountSid = Objects.requireNonNull(accountSid);
        this.authToken = Objects.requireNonNull(authToken);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-twilio-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        this.callbackClient = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Starts a fake for {@link #DEFAULT_ACCOUNT_SID} / {@link #DEFAULT_AUTH_TOKEN} on a free loopback port. */
    public static FakeTwilio start() {
        return start(DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN);
    }

    public static FakeTwilio start(String accountSid, String authToken) {
        try {
            return new FakeTwilio(accountSid, authToken);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- test API

    /** Base URL, e.g. {@code http://127.0.0.1:43123} — the value for {@code KLAXON_TWILIO_API_BASE_URL}. */
    public String url() {
        InetSocketAddress a = server.getAddress();
        return "http://" + a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    public URI uri() {
        return URI.create(url());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String accountSid() {
        return accountSid;
    }

    public String authToken() {
        return authToken;
    }

    /**
     * How long every POST (a send or an update) takes to answer from now on, as Twilio's API takes about 200 ms; the
     * request is recorded when it arrives ({@link RecordedRequest#arrivedAt()}). Zero (the default) answers at once.
     */
    public void latency(Duration latency) {
        this.latency = Objects.requireNonNull(latency);
    }

    /** Every request received (any method and path, including rejected and failed ones), oldest first. */
    public List<RecordedRequest> requests() {
        return snapshot(requests);
    }

    /** POSTs that created a Message (what Twilio would send), oldest first. */
    public List<RecordedRequest> messages() {
        return snapshot(messages);
    }

    /** POSTs that created a Call, oldest first. */
    public List<RecordedRequest> calls() {
        return snapshot(calls);
    }

    public List<RecordedRequest> messagesTo(String e164) {
        return messages().stream().filter(r -> e164.equals(r.param("To"))).toList();
    }

    public List<RecordedRequest> callsTo(String e164) {
        return calls().stream().filter(r -> e164.equals(r.param("To"))).toList();
    }

    /** Waits until at least {@code count} messages were created; returns them all. Fails with AssertionError on timeout. */
    public List<RecordedRequest> awaitMessages(int count, Duration timeout) {
        return await(messages, count, timeout, "messages");
    }

    /** Waits until at least {@code count} calls were created; returns them all. Fails with AssertionError on timeout. */
    public List<RecordedRequest> awaitCalls(int count, Duration timeout) {
        return await(calls, count, timeout, "calls");
    }

    /** Waits until at least {@code count} recorded requests match; returns the matching ones. */
    public List<RecordedRequest> awaitRequests(Predicate<RecordedRequest> filter, int count, Duration timeout) {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                List<RecordedRequest> matching = requests.stream().filter(filter).toList();
                if (matching.size() >= count) {
                    return matching;
                }
                if (nanos <= 0) {
                    throw new AssertionError("expected " + count + " matching requests within " + timeout
                            + " but got " + matching.size() + "; all requests: " + requests);
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

    /** The JSON the fake holds for a created Message or Call (as a list would show it), or null. */
    public Map<String, Object> resource(String sid) {
        lock.lock();
        try {
            Map<String, Object> r = resources.get(sid);
            return r == null ? null : listView(r);
        } finally {
            lock.unlock();
        }
    }

    /** Changes a resource's status as Twilio would over time ("delivered", "failed", "completed", "no-answer"…). */
    public void setStatus(String sid, String status) {
        lock.lock();
        try {
            Map<String, Object> r = resources.get(sid);
            if (r == null) {
                throw new IllegalArgumentException("unknown sid " + sid);
            }
            r.put("status", status);
            r.put("date_updated", RFC_2822.format(now()));
        } finally {
            lock.unlock();
        }
    }

    /** The next POST answers {@code status} with {@code body} (null: a Twilio-style error JSON for that status). */
    public void failNext(int status, String body) {
        failNext(status, body, 1);
    }

    /** The next {@code times} POSTs each answer {@code status} with {@code body}. */
    public void failNext(int status, String body, int times) {
        for (int i = 0; i < times; i++) {
            faults.add(new Fault(FaultKind.FAIL, status, body, null, null));
        }
    }

    /**
     * Like {@link #failNext(int, String, int)}, but only POSTs to this recipient ({@code To}) consume the faults:
     * pages to other numbers that happen to go out meanwhile are not hit.
     */
    public void failNextTo(String to, int status, int times) {
        for (int i = 0; i < times; i++) {
            faults.add(new Fault(FaultKind.FAIL, status, null, null, Objects.requireNonNull(to)));
        }
    }

    /** {@link #hangNext(Duration)} for the next POST to this recipient only. */
    public void hangNextTo(String to, Duration delay) {
        faults.add(new Fault(FaultKind.HANG, 0, null, Objects.requireNonNull(delay), Objects.requireNonNull(to)));
    }

    /**
     * The next POST to this recipient answers 201 at once but then trickles blanks instead of its body until
     * {@link #releaseStalls()} (or {@code max}): a provider that holds the connection open without ever going
     * quiet, which no read timeout catches. Once released, the resource is created and its JSON sent.
     */
    public void stallNextTo(String to, Duration max) {
        faults.add(new Fault(FaultKind.STALL, 201, null, Objects.requireNonNull(max), Objects.requireNonNull(to)));
    }

    /** Lets every stalled answer finish, and drops stalls still queued. */
    public void releaseStalls() {
        faults.removeIf(f -> f.kind == FaultKind.STALL);
        CountDownLatch old = releaseStalls;
        releaseStalls = new CountDownLatch(1);
        old.countDown();
    }

    /** {@link #respondGarbageNext()} for the next POST to this recipient only. */
    public void respondGarbageNextTo(String to) {
        faults.add(new Fault(FaultKind.GARBAGE, 201, null, null, Objects.requireNonNull(to)));
    }

    /**
     * The next POST waits {@code delay} before answering, then is handled normally (the resource is created —
     * Twilio may still send a message the client gave up on). {@link #reset()} and {@link #close()} cut the wait
     * short; the request then creates nothing.
     */
    public void hangNext(Duration delay) {
        faults.add(new Fault(FaultKind.HANG, 0, null, Objects.requireNonNull(delay), null));
    }

    /** The next POST answers 201 with a body that is not JSON; nothing is created. */
    public void respondGarbageNext() {
        faults.add(new Fault(FaultKind.GARBAGE, 201, null, null, null));
    }

    /**
     * The clock for date_created / date_sent / start_time and for the date filters of list requests (default: the
     * system clock). Point it at the application's test clock when the application filters by its own "now"; the
     * recorded {@link RecordedRequest#receivedAt()} uses it too.
     */
    public void useClock(InstantSource clock) {
        this.clock = clock == null ? InstantSource.system() : clock;
    }

    /** Starts or ends a provider-wide outage; {@link Outage#NONE} ends it and answers held requests. */
    public void outage(Outage mode) {
        outage = Objects.requireNonNull(mode);
        if (mode == Outage.NONE) {
            CountDownLatch old = outageOver;
            outageOver = new CountDownLatch(1);
            old.countDown();
        }
    }

    /** Drops the faults still queued ({@link #failNext}, {@link #hangNext}…); returns how many were left. */
    public int clearFaults() {
        int left = faults.size();
        faults.clear();
        return left;
    }

    /** Every POST to this number answers 400 with Twilio's error 21211 (invalid 'To' number), for good. */
    public void refuseFor(String to) {
        refused.add(Objects.requireNonNull(to));
    }

    /** Highest number of requests that were being handled at the same time since start or {@link #reset()}. */
    public int maxConcurrentRequests() {
        return maxInFlight.get();
    }

    /** Forgets all requests, resources and queued faults; releases hanging requests. */
    public void reset() {
        lock.lock();
        try {
            faults.clear();
            refused.clear();
            outage(Outage.NONE);
            CountDownLatch old = releaseHangs;
            releaseHangs = new CountDownLatch(1);
            old.countDown();
            requests.clear();
            messages.clear();
            calls.clear();
            resources.clear();
            createdAt.clear();
            maxInFlight.set(inFlight.get());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * POSTs a form to the application as Twilio does for webhooks and status callbacks: form-encoded body in the
     * map's iteration order, {@code X-Twilio-Signature} computed with {@link TwilioSignature#sign} over {@code url}
     * exactly as given (so pass the public URL the application validates against).
     */
    public HttpResponse<String> postSigned(String url, Map<String, String> form, String authToken) {
        Map<String, String> params = form == null ? Map.of() : form;
        String signature = TwilioSignature.sign(authToken, url, params);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("User-Agent", "TwilioProxy/1.1")
                .header(TwilioSignature.HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofString(encodeForm(params), StandardCharsets.UTF_8))
                .build();
        try {
            return callbackClient.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("callback to " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted posting to " + url, e);
        }
    }

    /** {@link #postSigned(String, Map, String)} with this fake's auth token. */
    public HttpResponse<String> postSigned(String url, Map<String, String> form) {
        return postSigned(url, form, authToken);
    }

    @Override
    public void close() {
        releaseHangs.countDown();
        releaseStalls.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- HTTP handling

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            handleRequest(exchange);
        } catch (RuntimeException e) {
            respond(exchange, 500, error(500, 20500, "Internal Server Error: " + e));
        } finally {
            inFlight.decrementAndGet();
            exchange.close();
        }
    }

    private void handleRequest(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getRawPath();
        Map<String, List<String>> query = parseForm(exchange.getRequestURI().getRawQuery());
        byte[] bodyBytes;
        try (InputStream in = exchange.getRequestBody()) {
            bodyBytes = in.readAllBytes();
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        Map<String, List<String>> form = contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                ? parseForm(new String(bodyBytes, StandardCharsets.UTF_8)) : Map.of();
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
        RecordedRequest rec = new RecordedRequest(method, path, query, form, headers,
                new String(bodyBytes, StandardCharsets.UTF_8), now());
        record(rec);

        if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"Twilio API\"");
            finish(exchange, rec, 401, error(401, 20003, "Authenticate"), null);
            return;
        }

        Matcher list = LIST.matcher(path);
        Matcher instance = INSTANCE.matcher(path);
        String pathSid = list.matches() ? list.group(1) : instance.matches() ? instance.group(1) : null;
        if (pathSid == null || !pathSid.equals(accountSid)) {
            finish(exchange, rec, 404, notFound(path), null);
            return;
        }

        switch (outage) {
            case ERRORS -> {
                finish(exchange, rec, 500, error(500, 20500, "Internal Server Error"), null);
                return;
            }
            case TIMEOUTS -> {
                try {
                    outageOver.await(OUTAGE_HOLD.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                finish(exchange, rec, 503, error(503, 20503, "Service Unavailable"), null);
                return;
            }
            case NONE -> {
            }
        }
        Duration latency = this.latency;
        if ("POST".equals(method) && !latency.isZero()) {
            try { // a real provider's API time: the request is recorded on arrival, answered after this
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if ("POST".equals(method) && refused.contains(String.valueOf(first(form, "To")))) {
            finish(exchange, rec, 400, error(400, 21211, "Invalid 'To' Phone Number: " + first(form, "To")), null);
            return;
        }
        if ("POST".equals(method)) {
            Fault fault = nextFault(first(form, "To"));
            if (fault != null) {
                switch (fault.kind) {
                    case FAIL -> {
                        String body = fault.body != null ? fault.body
                                : error(fault.status, fault.status >= 500 ? 20500 : 20001,
                                        fault.status >= 500 ? "Internal Server Error" : "Injected failure");
                        finish(exchange, rec, fault.status, body, null);
                        return;
                    }
                    case GARBAGE -> {
                        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                        finishRaw(exchange, rec, fault.status, "<html><body>not json {{{</body></html>");
                        return;
                    }
                    case STALL -> {
                        // status and headers now, then a blank every 200 ms: the client's read timeout never fires
                        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
                        exchange.sendResponseHeaders(201, 0);
                        CountDownLatch latch = releaseStalls;
                        try {
                            long until = System.nanoTime() + fault.delay.toNanos();
                            while (!latch.await(200, TimeUnit.MILLISECONDS) && System.nanoTime() < until) {
                                exchange.getResponseBody().write(' ');
                                exchange.getResponseBody().flush();
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (IOException e) {
                            return; // the client gave up
                        }
                        create(exchange, rec, list.group(2), form, true);
                        return;
                    }
                    case HANG -> {
                        CountDownLatch latch = releaseHangs;
                        boolean released;
                        try {
                            released = latch.await(fault.delay.toMillis(), TimeUnit.MILLISECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            released = true;
                        }
                        if (released) {
                            finish(exchange, rec, 503, error(503, 20503, "Service Unavailable"), null);
                            return;
                        }
                    }
                }
            }
        }

        if (list.matches()) {
            String kind = list.group(2);
            switch (method) {
                case "POST" -> create(exchange, rec, kind, form, false);
                case "GET" -> list(exchange, rec, kind, query, path);
                default -> finish(exchange, rec, 405, error(405, 20004, "Method not allowed"), null);
            }
        } else {
            String kind = instance.group(2);
            String sid = URLDecoder.decode(instance.group(3), StandardCharsets.UTF_8);
            switch (method) {
                case "GET" -> fetch(exchange, rec, kind, sid);
                case "POST" -> update(exchange, rec, kind, sid, form);
                default -> finish(exchange, rec, 405, error(405, 20004, "Method not allowed"), null);
            }
        }
    }

    /** {@code headersSent}: a stalled answer whose 201 went out already; only the JSON body is left to write. */
    private void create(HttpExchange exchange, RecordedRequest rec, String kind, Map<String, List<String>> form,
                        boolean headersSent) throws IOException {
        String to = first(form, "To");
        String from = first(form, "From");
        if (to == null || to.isBlank()) {
            finish(exchange, rec, 400, error(400, kind.equals("Messages") ? 21604 : 21201,
                    "A 'To' phone number is required."), null);
            return;
        }
        if (!E164.matcher(to).matches()) {
            finish(exchange, rec, 400, error(400, 21211, "Invalid 'To' Phone Number: " + to), null);
            return;
        }
        Instant created = now();
        Map<String, Object> resource;
        if (kind.equals("Messages")) {
            String body = first(form, "Body");
            if (from == null && first(form, "MessagingServiceSid") == null) {
                finish(exchange, rec, 400, error(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message."), null);
                return;
            }
            if ((body == null || body.isEmpty()) && first(form, "MediaUrl") == null && first(form, "ContentSid") == null) {
                finish(exchange, rec, 400, error(400, 21602, "Message body is required."), null);
                return;
            }
            if (body != null && body.length() > 1600) {
                finish(exchange, rec, 400, error(400, 21617, "The concatenated message body exceeds the 1600 character limit."), null);
                return;
            }
            resource = messageJson(newSid("SM"), to, from, body, first(form, "MessagingServiceSid"), created);
        } else {
            if (from == null || from.isBlank()) {
                finish(exchange, rec, 400, error(400, 21213, "No 'From' number is specified"), null);
                return;
            }
            if (first(form, "Url") == null && first(form, "Twiml") == null && first(form, "ApplicationSid") == null) {
                finish(exchange, rec, 400, error(400, 21205, "Url parameter is required."), null);
                return;
            }
            resource = callJson(newSid("CA"), to, from, created);
        }
        String sid = (String) resource.get("sid");
        String json = toJson(resource);
        boolean stale;
        lock.lock();
        try {
            // reset() while this request was hanging: it belongs to a previous test, create nothing
            stale = !requests.contains(rec);
            if (!stale) {
                resources.put(sid, resource);
                createdAt.put(sid, created);
                rec.complete(201, sid, json);
                (kind.equals("Messages") ? messages : calls).add(rec);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (stale) {
            finish(exchange, rec, 503, error(503, 20503, "Service Unavailable"), null);
        } else if (headersSent) {
            exchange.getResponseBody().write(json.getBytes(StandardCharsets.UTF_8));
        } else {
            respond(exchange, 201, json);
        }
    }

    private void list(HttpExchange exchange, RecordedRequest rec, String kind, Map<String, List<String>> query,
                      String path) throws IOException {
        boolean messagesList = kind.equals("Messages");
        String timeKey = messagesList ? "DateSent" : "StartTime";
        int pageSize = clamp(parseInt(first(query, "PageSize"), 50), 1, 1000);
        int page = Math.max(0, parseInt(first(query, "Page"), 0));
        List<Map<String, Object>> matching = new ArrayList<>();
        lock.lock();
        try {
            List<String> sids = new ArrayList<>(resources.keySet());
            Collections.reverse(sids); // newest first, insertion order breaks ties
            sids.sort(Comparator.comparing((String s) -> createdAt.get(s)).reversed());
            for (String sid : sids) {
                if (!sid.startsWith(messagesList ? "SM" : "CA")) {
                    continue;
                }
                Map<String, Object> r = resources.get(sid);
                Instant t = createdAt.get(sid);
                if (!matches(query, "To", r.get("to")) || !matches(query, "From", r.get("from"))
                        || !messagesList && !matches(query, "Status", r.get("status"))
                        || !inRange(query, timeKey, t)) {
                    continue;
                }
                matching.add(listView(r));
            }
        } finally {
            lock.unlock();
        }
        int start = Math.min(page * pageSize, matching.size());
        int end = Math.min(start + pageSize, matching.size());
        List<Map<String, Object>> records = matching.subList(start, end);

        Map<String, List<String>> base = new LinkedHashMap<>(query);
        base.remove("Page");
        base.remove("PageSize");
        base.remove("PageToken");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(messagesList ? "messages" : "calls", records);
        body.put("end", records.isEmpty() ? 0 : start + records.size() - 1);
        body.put("first_page_uri", pageUri(path, base, pageSize, 0));
        body.put("next_page_uri", end < matching.size() ? pageUri(path, base, pageSize, page + 1) : null);
        body.put("page", page);
        body.put("page_size", pageSize);
        body.put("previous_page_uri", page > 0 ? pageUri(path, base, pageSize, page - 1) : null);
        body.put("start", start);
        body.put("uri", pageUri(path, base, pageSize, page));
        finish(exchange, rec, 200, toJson(body), null);
    }

    private void fetch(HttpExchange exchange, RecordedRequest rec, String kind, String sid) throws IOException {
        Map<String, Object> view;
        lock.lock();
        try {
            Map<String, Object> r = resources.get(sid);
            view = r == null || !sid.startsWith(kind.equals("Messages") ? "SM" : "CA") ? null : listView(r);
        } finally {
            lock.unlock();
        }
        if (view == null) {
            finish(exchange, rec, 404, notFound(rec.path()), null);
        } else {
            finish(exchange, rec, 200, toJson(view), sid);
        }
    }

    private void update(HttpExchange exchange, RecordedRequest rec, String kind, String sid,
                        Map<String, List<String>> form) throws IOException {
        Map<String, Object> view;
        lock.lock();
        try {
            Map<String, Object> r = resources.get(sid);
            if (r == null || !sid.startsWith(kind.equals("Messages") ? "SM" : "CA")) {
                view = null;
            } else {
                String status = first(form, "Status");
                if (status != null) {
                    r.put("status", status);
                }
                if (kind.equals("Messages") && form.containsKey("Body")) {
                    r.put("body", first(form, "Body"));
                }
                r.put("date_updated", RFC_2822.format(now()));
                view = listView(r);
            }
        } finally {
            lock.unlock();
        }
        if (view == null) {
            finish(exchange, rec, 404, notFound(rec.path()), null);
        } else {
            finish(exchange, rec, 200, toJson(view), sid);
        }
    }

    // ---------------------------------------------------------------- resources

    private Map<String, Object> messageJson(String sid, String to, String from, String body,
                                            String messagingServiceSid, Instant created) {
        String uriBase = API + "/Accounts/" + accountSid + "/Messages/" + sid;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account_sid", accountSid);
        m.put("api_version", "2010-04-01");
        m.put("body", body);
        m.put("date_created", RFC_2822.format(created));
        m.put("date_sent", null);
        m.put("date_updated", RFC_2822.format(created));
        m.put("direction", "outbound-api");
        m.put("error_code", null);
        m.put("error_message", null);
        m.put("from", from);
        m.put("messaging_service_sid", messagingServiceSid);
        m.put("num_media", "0");
        m.put("num_segments", String.valueOf(segments(body)));
        m.put("price", null);
        m.put("price_unit", "USD");
        m.put("sid", sid);
        m.put("status", "queued");
        m.put("subresource_uris", Map.of("media", uriBase + "/Media.json", "feedback", uriBase + "/Feedback.json"));
        m.put("to", to);
        m.put("uri", uriBase + ".json");
        return m;
    }

    private Map<String, Object> callJson(String sid, String to, String from, Instant created) {
        String uriBase = API + "/Accounts/" + accountSid + "/Calls/" + sid;
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("account_sid", accountSid);
        c.put("annotation", null);
        c.put("answered_by", null);
        c.put("api_version", "2010-04-01");
        c.put("caller_name", null);
        c.put("date_created", RFC_2822.format(created));
        c.put("date_updated", RFC_2822.format(created));
        c.put("direction", "outbound-api");
        c.put("duration", null);
        c.put("end_time", null);
        c.put("forwarded_from", null);
        c.put("from", from);
        c.put("from_formatted", from);
        c.put("group_sid", null);
        c.put("parent_call_sid", null);
        c.put("phone_number_sid", null);
        c.put("price", null);
        c.put("price_unit", "USD");
        c.put("queue_time", "0");
        c.put("sid", sid);
        c.put("start_time", null);
        c.put("status", "queued");
        Map<String, String> sub = new LinkedHashMap<>();
        for (String s : List.of("Notifications", "Recordings", "Payments", "Events", "Siprec", "Streams",
                "Transcriptions", "UserDefinedMessageSubscriptions", "UserDefinedMessages")) {
            sub.put(s.toLowerCase(Locale.ROOT), uriBase + "/" + s + ".json");
        }
        c.put("subresource_uris", sub);
        c.put("to", to);
        c.put("to_formatted", to);
        c.put("trunk_sid", null);
        c.put("uri", uriBase + ".json");
        return c;
    }

    /** What list and fetch show: the creation time doubles as date_sent / start_time. */
    private Map<String, Object> listView(Map<String, Object> r) {
        Map<String, Object> v = new LinkedHashMap<>(r);
        String sid = (String) r.get("sid");
        Instant created = createdAt.get(sid);
        if (created != null) {
            v.put(sid.startsWith("SM") ? "date_sent" : "start_time", RFC_2822.format(created));
        }
        return v;
    }

    private static int segments(String body) {
        if (body == null || body.isEmpty()) {
            return 1;
        }
        boolean gsm = body.chars().allMatch(ch -> GSM_7_BASIC.indexOf(ch) >= 0);
        int single = gsm ? 160 : 70;
        int multi = gsm ? 153 : 67;
        int length = body.length(); // UTF-16 units = UCS-2 units
        return length <= single ? 1 : (length + multi - 1) / multi;
    }

    // ---------------------------------------------------------------- filters

    private static boolean matches(Map<String, List<String>> query, String key, Object actual) {
        String wanted = first(query, key);
        return wanted == null || wanted.equals(actual);
    }

    /**
     * {@code Key} exact (date: that UTC day; date-time: that second), {@code Key>} lower bound and {@code Key<}
     * upper bound, both inclusive: Twilio's documented {@code DateSent>=2026-01-01} arrives as key {@code DateSent>}.
     */
    private static boolean inRange(Map<String, List<String>> query, String key, Instant t) {
        String exact = first(query, key);
        if (exact != null) {
            Instant[] span = span(exact);
            if (t.isBefore(span[0]) || !t.isBefore(span[1])) {
                return false;
            }
        }
        for (String k : List.of(key + ">", key + ">=")) {
            String lower = first(query, k);
            if (lower != null && t.isBefore(span(lower)[0])) {
                return false;
            }
        }
        for (String k : List.of(key + "<", key + "<=")) {
            String upper = first(query, k);
            if (upper != null && !t.isBefore(span(upper)[1])) {
                return false;
            }
        }
        return true;
    }

    /** [start, end) covered by a query value: a date covers its UTC day, a date-time its second. */
    private static Instant[] span(String value) {
        String v = value.trim();
        if (v.startsWith("=")) {
            v = v.substring(1);
        }
        if (v.length() == 10) {
            Instant start = LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            return new Instant[] {start, start.plus(1, ChronoUnit.DAYS)};
        }
        Instant start;
        if (v.endsWith("Z") || v.matches(".*[+-]\\d\\d:\\d\\d$")) {
            start = java.time.OffsetDateTime.parse(v).toInstant();
        } else {
            start = LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        }
        start = start.truncatedTo(ChronoUnit.SECONDS);
        return new Instant[] {start, start.plusSeconds(1)};
    }

    private static String pageUri(String path, Map<String, List<String>> base, int pageSize, int page) {
        Map<String, List<String>> q = new LinkedHashMap<>(base);
        q.put("PageSize", List.of(String.valueOf(pageSize)));
        q.put("Page", List.of(String.valueOf(page)));
        return path + "?" + encodeMulti(q);
    }

    // ---------------------------------------------------------------- plumbing

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            return decoded.equals(accountSid + ":" + authToken);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void record(RecordedRequest rec) {
        lock.lock();
        try {
            requests.add(rec);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void finish(HttpExchange exchange, RecordedRequest rec, int status, String json, String sid)
            throws IOException {
        lock.lock();
        try {
            rec.complete(status, sid, json);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        respond(exchange, status, json);
    }

    private void finishRaw(HttpExchange exchange, RecordedRequest rec, int status, String body) throws IOException {
        lock.lock();
        try {
            rec.complete(status, null, body);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Twilio-Request-Id", newSid("RQ"));
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Twilio-Request-Id", newSid("RQ"));
        try {
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        } catch (IOException e) {
            // the client gave up (timeout); nothing to tell it
        }
    }

    private List<RecordedRequest> await(List<RecordedRequest> source, int count, Duration timeout, String what) {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (source.size() < count) {
                if (nanos <= 0) {
                    throw new AssertionError("expected at least " + count + " " + what + " within " + timeout
                            + " but got " + source.size() + ": " + source);
                }
                nanos = changed.awaitNanos(nanos);
            }
            return List.copyOf(source);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            lock.unlock();
        }
    }

    private List<RecordedRequest> snapshot(List<RecordedRequest> source) {
        lock.lock();
        try {
            return List.copyOf(source);
        } finally {
            lock.unlock();
        }
    }

    private static String error(int status, int code, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", code);
        e.put("message", message);
        e.put("more_info", "https://www.twilio.com/docs/errors/" + code);
        e.put("status", status);
        return toJson(e);
    }

    private static String notFound(String path) {
        return error(404, 20404, "The requested resource " + path + " was not found");
    }

    private static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static String newSid(String prefix) {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }

    private static String first(Map<String, List<String>> params, String key) {
        List<String> v = params.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static int parseInt(String s, int fallback) {
        try {
            return s == null ? fallback : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static int clamp(int v, int min, int max) {
        return Math.max(min, Math.min(max, v));
    }

    static Map<String, List<String>> parseForm(String encoded) {
        Map<String, List<String>> out = new LinkedHashMap<>();
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
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return out;
    }

    private static String encodeForm(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8));
        });
        return sb.toString();
    }

    private static String encodeMulti(Map<String, List<String>> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, vs) -> vs.forEach(v -> {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        }));
        return sb.toString();
    }

    private enum FaultKind { FAIL, HANG, GARBAGE, STALL }

    /** {@code to}: only a POST to this recipient consumes the fault (null: any POST). */
    private record Fault(FaultKind kind, int status, String body, Duration delay, String to) {
    }

    /** The first queued fault this POST may consume, removed from the queue. */
    private Fault nextFault(String to) {
        for (Fault f : faults) {
            if ((f.to == null || f.to.equals(to)) && faults.remove(f)) {
                return f;
            }
        }
        return null;
    }

    /** One HTTP request the fake received. Request fields are immutable; the outcome is set once answered. */
    public static final class RecordedRequest {
        private final String method;
        private final String path;
        private final Map<String, List<String>> query;
        private final Map<String, List<String>> form;
        private final Map<String, List<String>> headers;
        private final String body;
        private final Instant receivedAt;
        /** When the request arrived, to the precision of the system clock (benchmarks; receivedAt is Twilio's seconds). */
        private final Instant arrivedAt = Instant.now();
        private volatile int responseStatus;
        private volatile String sid;
        private volatile String responseBody;

        RecordedRequest(String method, String path, Map<String, List<String>> query, Map<String, List<String>> form,
                        Map<String, List<String>> headers, String body, Instant receivedAt) {
            this.method = method;
            this.path = path;
            this.query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
            this.form = Collections.unmodifiableMap(new LinkedHashMap<>(form));
            this.headers = Collections.unmodifiableMap(headers);
            this.body = body;
            this.receivedAt = receivedAt;
        }

        void complete(int status, String sid, String responseBody) {
            this.responseStatus = status;
            this.sid = sid;
            this.responseBody = responseBody;
        }

        public String method() {
            return method;
        }

        /** Raw path, e.g. {@code /2010-04-01/Accounts/AC…/Messages.json}. */
        public String path() {
            return path;
        }

        public Map<String, List<String>> query() {
            return query;
        }

        /** Form fields in arrival order; repeated names keep every value. */
        public Map<String, List<String>> form() {
            return form;
        }

        /** First value of a form field, or null. */
        public String param(String name) {
            return first(form, name);
        }

        /** All values of a form field (e.g. {@code StatusCallbackEvent}). */
        public List<String> params(String name) {
            return form.getOrDefault(name, List.of());
        }

        /** Headers, names case-insensitive. */
        public Map<String, List<String>> headers() {
            return headers;
        }

        public String header(String name) {
            return first(headers, name);
        }

        public String body() {
            return body;
        }

        public Instant receivedAt() {
            return receivedAt;
        }

        public Instant arrivedAt() {
            return arrivedAt;
        }

        /** HTTP status answered, 0 while still pending (e.g. hanging). */
        public int responseStatus() {
            return responseStatus;
        }

        public String responseBody() {
            return responseBody;
        }

        /** SID of the created/fetched/updated Message or Call, else null. */
        public String sid() {
            return sid;
        }

        @Override
        public String toString() {
            return method + " " + path + (query.isEmpty() ? "" : " ?" + query) + (form.isEmpty() ? "" : " " + form)
                    + " -> " + responseStatus + (sid == null ? "" : " " + sid);
        }
    }
}
