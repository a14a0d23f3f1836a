package dev.klaxon.notify.twilio;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.TwilioRestClient;
import java.io.Closeable;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Builds {@link TwilioRestClient}s for the official Twilio SDK with our own timeouts and connection pool, and —
 * when the configured API base URL is not Twilio's own — with every request routed to that base URL's scheme,
 * host and port (a local fake in tests, a recording proxy, …). Paths stay Twilio's
 * ({@code /2010-04-01/Accounts/{sid}/Messages.json}, {@code Calls.json}); only the connection target changes.
 *
 * <p>Why not {@code new NetworkHttpClient(RequestConfig)}: in twilio 13.0.1, {@code NetworkHttpClient.makeRequest}
 * overwrites each request's config with {@code HttpClient.DEFAULT_REQUEST_CONFIG} (30.5 s connect timeout, no
 * response timeout), which in httpclient5 replaces the client's default request config. We therefore put an exec
 * interceptor at the head of the httpclient5 chain that re-applies our timeouts to every exchange, and set the
 * same values on the pool's {@link ConnectionConfig}/{@link SocketConfig} as a second line.</p>
 *
 * <p>No retry inside a retry: automatic httpclient5 retries are off, and so are the SDK's own retries of 5xx answers
 * ({@code HttpClient.reliableRequest} makes 3 attempts 100 ms apart by default, swallowing an interrupt between
 * them). One outbox attempt is exactly one Twilio request; the outbox's backoff and the circuit breaker own every
 * retry decision (issue 11: one SMS could cost up to 12 provider calls).</p>
 */
public final class TwilioClientFactory {

    /** Twilio's production REST API; {@code KLAXON_TWILIO_API_BASE_URL} defaults to it. */
    public static final URI PRODUCTION_API_BASE_URL = URI.create("https://api.twilio.com");

    /**
     * Connections per route (Twilio host or fake). Twilio's own default is 20; paging storms need more: SMS and
     * VOICE each keep up to {@code klaxon.dispatch.concurrency.twilio} calls in flight. Opened on demand.
     */
    public static final int MAX_CONNECTIONS_PER_ROUTE = 128;

    /** Connections over all routes. */
    public static final int MAX_CONNECTIONS_TOTAL = 256;

    private static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(2);
    private static final TimeValue CONNECTION_TIME_TO_LIVE = TimeValue.ofMinutes(5);

    private TwilioClientFactory() {
    }

    /**
     * Creates a Twilio REST client.
     *
     * @param accountSid      Twilio account SID ({@code AC…}), also the Basic-auth user
     * @param authToken       Twilio auth token, the Basic-auth password
     * @param apiBaseUrl      where requests go; {@code null} means {@link #PRODUCTION_API_BASE_URL}. A host equal to
     *                        or under {@code twilio.com} is used as is (no rerouting; {@code api.{edge}.{region}.twilio.com}
     *                        sets the SDK's edge and region). Any other URL must be {@code http}/{@code https} with an
     *                        empty path; all requests are then sent to its host and port.
     * @param connectTimeout  TCP (and TLS) connect timeout, also the wait for a free pooled connection
     * @param responseTimeout socket read timeout while waiting for Twilio's answer (inactivity, not total time)
     */
    public static TwilioRestClient create(String accountSid, String authToken, URI apiBaseUrl,
                                          Duration connectTimeout, Duration responseTimeout) {
        requireText(accountSid, "accountSid");
        requireText(authToken, "authToken");
        Timeout connect = positive(connectTimeout, "connectTimeout");
        Timeout response = positive(responseTimeout, "responseTimeout");
        URI base = apiBaseUrl == null ? PRODUCTION_API_BASE_URL : apiBaseUrl;
        String scheme = base.getScheme() == null ? null : base.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme) || base.getHost() == null) {
            throw new IllegalArgumentException("Twilio API base URL must be an absolute http(s) URL: " + base);
        }
        String host = base.getHost().toLowerCase(Locale.ROOT);
        boolean twilio = isTwilioHost(host);
        if (!twilio && base.getRawPath() != null && !base.getRawPath().isEmpty() && !"/".equals(base.getRawPath())) {
            throw new IllegalArgumentException(
                    "Twilio API base URL must not have a path (Twilio's paths are kept): " + base);
        }

        ConnectionConfig connectionConfig = ConnectionConfig.custom()
                .setConnectTimeout(connect)
                .setSocketTimeout(response)
                .setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY)
                .setTimeToLive(CONNECTION_TIME_TO_LIVE)
                .build();
        SocketConfig socketConfig = SocketConfig.custom()
                .setSoTimeout(response)
                .setSoKeepAlive(true)
                .setTcpNoDelay(true)
                .build();
        PoolingHttpClientConnectionManagerBuilder pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(connectionConfig)
                .setDefaultSocketConfig(socketConfig)
                .setMaxConnPerRoute(MAX_CONNECTIONS_PER_ROUTE)
                .setMaxConnTotal(MAX_CONNECTIONS_TOTAL);
        if (twilio) {
            pool.useSystemProperties(); // javax.net.ssl.* like the SDK's default client
        }
        PoolingHttpClientConnectionManager connectionManager = pool.build();

        RequestConfig ours = timeouts(RequestConfig.custom(), connect, response).build();
        HttpClientBuilder http = HttpClientBuilder.create()
                .setConnectionManager(connectionManager)
                .setDefaultRequestConfig(ours)
                .addExecInterceptorFirst("klaxon-timeouts", enforceTimeouts(connect, response))
                .disableAutomaticRetries()
                .disableCookieManagement();
        if (twilio) {
            http.useSystemProperties(); // https.proxyHost etc., as the SDK's default client does
        } else {
            int port = base.getPort() != -1 ? base.getPort() : "https".equals(scheme) ? 443 : 80;
            http.setRoutePlanner(new FixedTargetRoutePlanner(new HttpHost(scheme, host, port)));
        }

        TwilioRestClient.Builder builder = new TwilioRestClient.Builder(accountSid, authToken)
                .httpClient(new ClosableNetworkHttpClient(http, connectionManager));
        if (twilio) {
            // api.{edge}.{region}.twilio.com: let the SDK build regional hosts itself
            String[] labels = host.split("\\.");
            if (labels.length == 5 && "api".equals(labels[0])) {
                builder.edge(labels[1]).region(labels[2]);
            } else if (labels.length == 4 && "api".equals(labels[0])) {
                builder.region(labels[1]);
            }
        }
        return builder.build();
    }

    /** Creates a client for Twilio's production API. */
    public static TwilioRestClient create(String accountSid, String authToken,
                                          Duration connectTimeout, Duration responseTimeout) {
        return create(accountSid, authToken, PRODUCTION_API_BASE_URL, connectTimeout, responseTimeout);
    }

    /**
     * Releases the connection pool of a client made by this factory (a no-op for other clients). The client must
     * not be used afterwards.
     */
    public static void close(TwilioRestClient client) {
        if (client != null && client.getHttpClient() instanceof ClosableNetworkHttpClient closable) {
            closable.close();
        }
    }

    /** {@code twilio.com} or any host under it: Twilio's own API, never rerouted. */
    static boolean isTwilioHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.equals("twilio.com") || h.endsWith(".twilio.com");
    }

    @SuppressWarnings("deprecation") // RequestConfig.setConnectTimeout: deprecated, but still wins over ConnectionConfig
    private static RequestConfig.Builder timeouts(RequestConfig.Builder b, Timeout connect, Timeout response) {
        return b.setConnectTimeout(connect)
                .setConnectionRequestTimeout(connect)
                .setResponseTimeout(response);
    }

    /**
     * NetworkHttpClient sets DEFAULT_REQUEST_CONFIG on every request, which replaces the client default; this
     * handler runs first in the exec chain (before connect) and puts our timeouts back into the exchange context.
     */
    private static ExecChainHandler enforceTimeouts(Timeout connect, Timeout response) {
        return (request, scope, chain) -> {
            HttpClientContext context = scope.clientContext;
            RequestConfig current = context.getRequestConfig();
            RequestConfig.Builder b = current == null ? RequestConfig.custom() : RequestConfig.copy(current);
            context.setRequestConfig(timeouts(b, connect, response).build());
            return chain.proceed(request, scope);
        };
    }

    /** Sends every request to one host:port whatever host the SDK put in the URL. */
    static final class FixedTargetRoutePlanner implements HttpRoutePlanner {
        private final HttpRoute route;

        FixedTargetRoutePlanner(HttpHost target) {
            this.route = new HttpRoute(target, null, "https".equalsIgnoreCase(target.getSchemeName()));
        }

        @Override
        public HttpRoute determineRoute(HttpHost target, HttpContext context) {
            return route;
        }

        @Override
        public HttpRoute determineRoute(HttpHost target, HttpRequest request, HttpContext context) {
            return route;
        }
    }

    /** The SDK's NetworkHttpClient over our builder, plus a way to release its pool. */
    static final class ClosableNetworkHttpClient extends NetworkHttpClient implements Closeable {
        private final PoolingHttpClientConnectionManager connectionManager;

        ClosableNetworkHttpClient(HttpClientBuilder builder, PoolingHttpClientConnectionManager connectionManager) {
            super(builder);
            this.connectionManager = connectionManager;
        }

        PoolingHttpClientConnectionManager connectionManager() {
            return connectionManager;
        }

        /** One request, whatever its answer: a 5xx is the outbox's to retry, not the SDK's. */
        @Override
        public com.twilio.http.Response reliableRequest(com.twilio.http.Request request) {
            return reliableRequest(request, RETRY_CODES, 1, 0);
        }

        @Override
        public void close() {
            try {
                client.close(CloseMode.GRACEFUL);
            } catch (RuntimeException e) {
                // closing must not fail shutdown
            }
        }
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static Timeout positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
        return Timeout.ofMilliseconds(Math.max(1, d.toMillis()));
    }
}
