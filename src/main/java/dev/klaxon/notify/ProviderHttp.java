package dev.klaxon.notify;

import dev.klaxon.platform.OutboundGuard;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import javax.net.ssl.SSLException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * HTTP calls to one kind of provider (ntfy, Pushover, webhook receivers) with what every such call needs: connect
 * and response timeouts plus an overall deadline (a server that sends headers and then stalls cannot hold a thread
 * either), a cap on what is read back, no redirects, and a circuit breaker per endpoint. Requests to an endpoint the
 * operator configured (a {@code KLAXON_*_BASE_URL}) go out as configured; every other destination — an address a
 * user supplied — is resolved and checked by the {@link OutboundGuard} when the connection is opened. Whatever goes
 * wrong comes out as a {@link ProviderException} in Klaxon's own words and the HTTP status: what a receiver
 * answered is never repeated to users.
 */
public final class ProviderHttp {

    /** What a provider answered: status, headers and at most {@link #MAX_BODY} bytes of body. */
    public record Answer(int status, Map<String, String> headers, String body) {
    }

    /** Turns a 2xx answer into a result; anything it throws means the answer was not what the provider promises. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(Answer answer) throws Exception;
    }

    static final int MAX_BODY = 1 << 20;
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "provider-http-deadlines");
        t.setDaemon(true);
        return t;
    });

    private final String provider;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final Set<String> trusted;
    private final CloseableHttpClient trustedClient;
    private final CloseableHttpClient guardedClient;
    private final ProviderCircuits circuits;

    /**
     * @param circuits        the breakers of this provider's endpoints (from {@link Breakers})
     * @param trustedBaseUrls the operator's own base URLs for this provider: their endpoints (scheme, host, port) are
     *                        called without the guard
     */
    public ProviderHttp(String provider, Duration connectTimeout, Duration responseTimeout, ProviderCircuits circuits,
                        OutboundGuard guard, URI... trustedBaseUrls) {
        this.provider = provider;
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
        this.trusted = java.util.Arrays.stream(trustedBaseUrls).map(ProviderHttp::endpoint).collect(Collectors.toSet());
        this.trustedClient = client(SystemDefaultDnsResolver.INSTANCE);
        this.guardedClient = client(guard.dnsResolver());
        this.circuits = circuits;
    }

    private CloseableHttpClient client(DnsResolver resolver) {
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(resolver)
                        .setMaxConnTotal(64).setMaxConnPerRoute(16)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout))
                                .setSocketTimeout(Timeout.of(responseTimeout))
                                .setTimeToLive(TimeValue.ofMinutes(5)).build())
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    public <T> T call(HttpRequest.Builder builder, Reader<T> reader) throws ProviderException {
        HttpRequest request = builder.timeout(responseTimeout).build();
        String endpoint = endpoint(request.uri());
        return circuits.call(endpoint, () -> exchange(request, endpoint, reader));
    }

    public ProviderCircuits circuits() {
        return circuits;
    }

    /** scheme://host:port — what one circuit breaker guards. */
    public static String endpoint(URI uri) {
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
        return scheme + "://" + uri.getHost() + ":" + port;
    }

    private <T> T exchange(HttpRequest request, String endpoint, Reader<T> reader) throws ProviderException,
            InterruptedException {
        String where = provider + " at " + endpoint;
        URI uri = request.uri();
        if (uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            throw new ProviderException(provider + ": not an http(s) URL", true);
        }
        CloseableHttpClient client = trusted.contains(endpoint) ? trustedClient : guardedClient;
        HttpUriRequestBase out = new HttpUriRequestBase(request.method(), uri);
        request.headers().map().forEach((name, values) -> values.forEach(v -> out.addHeader(name, v)));
        request.bodyPublisher().ifPresent(p -> out.setEntity(new ByteArrayEntity(bytes(p), null)));
        Duration deadline = connectTimeout.plus(responseTimeout);
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> timer = DEADLINES.schedule(() -> {
            late.set(true);
            out.cancel();
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
        Answer answer;
        try {
            // the endpoint's host by name (no address): the connection manager resolves it through our resolver
            HttpHost target = new HttpHost(uri.getScheme().toLowerCase(Locale.ROOT), uri.getHost(), uri.getPort());
            answer = client.execute(target, out, response -> {
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (Header h : response.getHeaders()) {
                    headers.putIfAbsent(h.getName(), h.getValue());
                }
                HttpEntity entity = response.getEntity();
                byte[] body = entity == null ? new byte[0] : readAtMost(entity.getContent(), MAX_BODY);
                return new Answer(response.getCode(), headers, new String(body, StandardCharsets.UTF_8));
            });
        } catch (IOException | RuntimeException e) {
            if (late.get()) {
                throw new ProviderException(where + " did not answer within " + seconds(deadline), false);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            throw failure(where, e);
        } finally {
            timer.cancel(false);
        }
        int status = answer.status();
        if (status >= 200 && status < 300) {
            try {
                return reader.read(answer);
            } catch (ProviderException e) {
                throw e;
            } catch (Exception e) {
                throw new ProviderException(where + " answered HTTP " + status + " with something unexpected", false);
            }
        }
        if (!refusal(status)) {
            throw new ProviderException(where + " answered HTTP " + status + " " + reason(status), false);
        }
        // 3xx (redirects are not followed: a moved endpoint is a configuration to fix) and 4xx: this request is refused
        throw new ProviderException(where + " refused the request with HTTP " + status + " " + reason(status), true);
    }

    /**
     * Whether an answer that is not 2xx refuses this request for good — sending it again cannot help, so the page
     * fails at once and the next contact method takes over: a 3xx (redirects are not followed) or a 4xx (RFC 9110
     * §15.5: the request is wrong: unknown topic, user key or path). Not 408 Request Timeout, 425 Too Early or
     * 429 Too Many Requests, which say "later", and not 5xx, the server's own fault (RFC 9110 §15.6).
     */
    public static boolean refusal(int status) {
        return status >= 300 && status < 500 && status != 408 && status != 425 && status != 429;
    }

    /**
     * The failure in words. Timeouts carry no cause on purpose: a receiver that did not answer is retried with
     * backoff like any failure, not reconciled as a send of unknown outcome (these providers cannot be asked).
     */
    private ProviderException failure(String where, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof OutboundGuard.Refused r) {
                return new ProviderException(provider + ": " + r.getMessage(), true);
            }
            if (t instanceof ConnectTimeoutException || t instanceof HttpConnectTimeoutException) {
                return new ProviderException(where + " could not be reached within " + seconds(connectTimeout), false);
            }
            if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException) {
                return new ProviderException(where + " did not answer within " + seconds(responseTimeout), false);
            }
            if (t instanceof SSLException) {
                return new ProviderException("TLS error with " + where + ": " + t.getMessage(), false);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return new ProviderException(where + " refused the connection", false);
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return new ProviderException(where + ": the host name does not resolve", false);
            }
        }
        return new ProviderException(where + " failed: the connection broke off", cause);
    }

    /** The standard reason phrase of a status, never the receiver's own words. */
    static String reason(int status) {
        return switch (status) {
            case 400 -> "(Bad Request)";
            case 401 -> "(Unauthorized)";
            case 403 -> "(Forbidden)";
            case 404 -> "(Not Found)";
            case 405 -> "(Method Not Allowed)";
            case 408 -> "(Request Timeout)";
            case 410 -> "(Gone)";
            case 413 -> "(Content Too Large)";
            case 415 -> "(Unsupported Media Type)";
            case 422 -> "(Unprocessable Content)";
            case 429 -> "(Too Many Requests)";
            case 500 -> "(Internal Server Error)";
            case 502 -> "(Bad Gateway)";
            case 503 -> "(Service Unavailable)";
            case 504 -> "(Gateway Timeout)";
            default -> status >= 300 && status < 400 ? "(a redirect, which Klaxon does not follow)" : "";
        };
    }

    /** The bytes a request body publisher holds (ours are all in memory: strings and byte arrays). */
    private static byte[] bytes(HttpRequest.BodyPublisher publisher) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] b = new byte[item.remaining()];
                item.get(b);
                out.write(b, 0, b.length);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(out.toByteArray());
            }
        });
        return done.join();
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while (out.size() < limit && (n = in.read(buf, 0, Math.min(buf.length, limit - out.size()))) != -1) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static String seconds(Duration d) {
        return (d.toMillis() % 1000 == 0 ? d.toSeconds() + "" : String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0)) + " s";
    }
}
