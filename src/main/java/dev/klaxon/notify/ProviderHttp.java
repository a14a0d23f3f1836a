package dev.klaxon.notify;

import javax.net.ssl.SSLException;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP calls to one kind of provider (ntfy, Pushover, webhook receivers) with what every such call needs: connect
 * and response timeouts plus an overall deadline (a server that sends headers and then stalls cannot hold a thread
 * either), a cap on what is read back, no redirects, and a circuit breaker per endpoint. Whatever goes wrong — a
 * refused connection, a TLS error, a timeout, a 5xx, an answer that does not parse — comes out as a
 * {@link ProviderException} that says so in words fit for the alert's timeline.
 */
public final class ProviderHttp {

    /** What a provider answered: status, headers and at most {@link #MAX_BODY} bytes of body. */
    public record Answer(int status, HttpHeaders headers, String body) {
    }

    /** Turns a 2xx answer into a result; anything it throws means the answer was not what the provider promises. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(Answer answer) throws Exception;
    }

    static final int MAX_BODY = 1 << 20;

    private final String provider;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final HttpClient client;
    private final ProviderCircuits circuits;

    /** @param circuits the breakers of this provider's endpoints (from {@link Breakers}) */
    public ProviderHttp(String provider, Duration connectTimeout, Duration responseTimeout, ProviderCircuits circuits) {
        this.provider = provider;
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.circuits = circuits;
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
        CompletableFuture<HttpResponse<byte[]>> pending = client.sendAsync(request, info -> new LimitedBody(MAX_BODY));
        HttpResponse<byte[]> response;
        try {
            response = pending.get(connectTimeout.plus(responseTimeout).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new ProviderException(where + " did not answer within " + seconds(connectTimeout.plus(responseTimeout)), false);
        } catch (InterruptedException e) {
            pending.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw failure(where, e.getCause());
        }
        Answer answer = new Answer(response.statusCode(), response.headers(),
                new String(response.body(), StandardCharsets.UTF_8));
        int status = answer.status();
        if (status >= 200 && status < 300) {
            try {
                return reader.read(answer);
            } catch (ProviderException e) {
                throw e;
            } catch (Exception e) {
                throw new ProviderException(where + " answered HTTP " + status + " with something unexpected ("
                        + e.getClass().getSimpleName() + "): " + snippet(answer.body()), false);
            }
        }
        if (!refusal(status)) {
            throw new ProviderException(where + " answered HTTP " + status + ": " + snippet(answer.body()), false);
        }
        // 3xx (redirects are not followed: a moved endpoint is a configuration to fix) and 4xx: this request is refused
        throw new ProviderException(where + " refused the request with HTTP " + status + ": " + snippet(answer.body()), true);
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

    private ProviderException failure(String where, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return new ProviderException(where + " could not be reached within " + seconds(connectTimeout), cause);
            }
            if (t instanceof HttpTimeoutException) {
                return new ProviderException(where + " did not answer within " + seconds(responseTimeout), cause);
            }
            if (t instanceof SSLException) {
                return new ProviderException("TLS error with " + where + ": " + t.getMessage(), cause);
            }
            if (t instanceof ConnectException) {
                return new ProviderException(where + " refused the connection", cause);
            }
            if (t instanceof UnresolvedAddressException) {
                return new ProviderException(where + ": the host name does not resolve", cause);
            }
        }
        return new ProviderException(where + " failed: " + cause, cause);
    }

    private static String seconds(Duration d) {
        return (d.toMillis() % 1000 == 0 ? d.toSeconds() + "" : String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0)) + " s";
    }

    /** A short, single-line excerpt of what a provider said, for the timeline. */
    public static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String s = body.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /** Collects at most {@code limit} bytes of a body and stops reading there. */
    static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final int limit;
        private Flow.Subscription subscription;

        LimitedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                int n = Math.min(b.remaining(), limit - out.size());
                byte[] chunk = new byte[n];
                b.get(chunk);
                out.write(chunk, 0, n);
            }
            if (out.size() >= limit) {
                subscription.cancel();
                result.complete(out.toByteArray());
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
