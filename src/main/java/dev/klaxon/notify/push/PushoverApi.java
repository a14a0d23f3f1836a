package dev.klaxon.notify.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klaxon.notify.Breakers;
import dev.klaxon.notify.ProviderCircuits;
import dev.klaxon.notify.ProviderException;
import dev.klaxon.notify.ProviderHttp;
import dev.klaxon.platform.KlaxonConfig;
import dev.klaxon.platform.OutboundGuard;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** Pushover's Messages and Receipts API ({@code KLAXON_PUSHOVER_API_BASE_URL}), behind one circuit breaker. */
@ApplicationScoped
public class PushoverApi {

    /** What Pushover said when it queued a message: its request id, and for emergency priority the receipt. */
    public record Queued(String request, String receipt) {
    }

    @Inject
    KlaxonConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    Breakers breakers;

    @Inject
    OutboundGuard guard;

    private ProviderHttp http;

    @PostConstruct
    void init() {
        // only ever the operator's configured Pushover API: trusted as configured
        http = new ProviderHttp("Pushover", config.pushover().connectTimeout(), config.pushover().responseTimeout(),
                new ProviderCircuits("Pushover", "PUSHOVER", breakers, endpoint -> true), guard,
                config.pushover().apiBaseUrl());
    }

    public String appToken() throws ProviderException {
        return config.pushover().appToken().filter(t -> !t.isBlank())
                .orElseThrow(() -> new ProviderException("Pushover is not configured: set KLAXON_PUSHOVER_APP_TOKEN", true));
    }

    /** {@code POST /1/messages.json}; the form carries token, user, message and the rest. */
    public Queued push(Map<String, String> form) throws ProviderException {
        return http.call(post("/1/messages.json", form), answer -> {
            JsonNode n = json.readTree(answer.body());
            if (n.path("status").asInt(0) != 1) {
                throw new IllegalStateException("status is not 1");
            }
            String receipt = n.path("receipt").asText("");
            return new Queued(n.path("request").asText(""), receipt.isBlank() ? null : receipt);
        });
    }

    /** Stops Pushover repeating an emergency notification nobody acknowledged in Pushover. */
    public void cancel(String receipt) throws ProviderException {
        if (!receipt.matches("[A-Za-z0-9]{1,64}")) {
            throw new ProviderException("Pushover: not a receipt: " + receipt, true);
        }
        http.call(post("/1/receipts/" + receipt + "/cancel.json", Map.of("token", appToken())), answer -> {
            if (json.readTree(answer.body()).path("status").asInt(0) != 1) {
                throw new IllegalStateException("status is not 1");
            }
            return Boolean.TRUE;
        });
    }

    private HttpRequest.Builder post(String path, Map<String, String> form) {
        String base = config.pushover().apiBaseUrl().toString().replaceAll("/+$", "");
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(base + path)).header("User-Agent", "Klaxon")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }
}
