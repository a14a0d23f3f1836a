package dev.klaxon.notify.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertService;
import dev.klaxon.directory.ContactType;
import dev.klaxon.notify.Breakers;
import dev.klaxon.notify.ChannelSender;
import dev.klaxon.notify.OutboxEntry;
import dev.klaxon.notify.ProviderCircuits;
import dev.klaxon.notify.ProviderException;
import dev.klaxon.notify.ProviderHttp;
import dev.klaxon.notify.SendResult;
import dev.klaxon.platform.KlaxonConfig;
import dev.klaxon.platform.OutboundGuard;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Outgoing webhooks: a signed JSON POST per page. Any 2xx is accepted; a 3xx or 4xx (but 408, 425, 429) refuses this
 * page for good, so the next contact method takes over at once; a 5xx, 408/425/429 or no answer in time is a failed
 * attempt, retried with backoff. A receiver cannot be asked whether it got a delivery, so a row whose sender died is delivered again
 * with the same {@code Idempotency-Key} (the outbox row id); receivers drop keys they have seen.
 */
@ApplicationScoped
public class WebhookSender implements ChannelSender {

    @Inject
    KlaxonConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    AlertService alerts;

    @Inject
    WebhookSigningKey key;

    @Inject
    InstantSource clock;

    @Inject
    Breakers breakers;

    @Inject
    OutboundGuard guard;

    private ProviderHttp http;

    @PostConstruct
    void init() {
        // every receiver is an address a user supplied: all of them go through the guard, and one that is down
        // is not a provider outage
        http = new ProviderHttp("webhook", config.webhook().connectTimeout(), config.webhook().responseTimeout(),
                new ProviderCircuits("webhook", channel(), breakers, endpoint -> false), guard);
    }

    @Override
    public String channel() {
        return ContactType.WEBHOOK.name();
    }

    /** Guarded per endpoint by {@link dev.klaxon.notify.ProviderCircuits}. */
    @Override
    public boolean guardsEachEndpoint() {
        return true;
    }

    @Override
    public SendResult send(OutboxEntry row) throws Exception {
        URI target;
        try {
            target = URI.create(row.address);
        } catch (IllegalArgumentException e) {
            throw new ProviderException("webhook: the address is not a URL", true);
        }
        Instant now = clock.instant();
        Alert alert = row.alertId == null ? null : alerts.require(row.alertId);
        String body = json.writeValueAsString(payload(row, alert, now));
        String timestamp = Long.toString(now.getEpochSecond());
        return http.call(HttpRequest.newBuilder(target)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Klaxon")
                .header("X-Klaxon-Event", event(row))
                .header("Idempotency-Key", row.id.toString())
                .header(WebhookSignature.TIMESTAMP_HEADER, timestamp)
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(key.secret(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)),
                answer -> new SendResult(row.id.toString(), "HTTP " + answer.status()));
    }

    static String event(OutboxEntry row) {
        return row.alertId == null ? "test" : "page";
    }

    /** What receivers get; {@code alert} is null for a test message. */
    static Map<String, Object> payload(OutboxEntry row, Alert a, Instant now) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("event", event(row));
        p.put("idempotencyKey", row.id.toString());
        p.put("sentAt", now.toString());
        p.put("userId", row.userId == null ? null : row.userId.toString());
        p.put("subject", row.subject);
        p.put("text", row.body);
        p.put("ackUrl", row.alertId == null ? null : row.actionUrl);
        if (a == null) {
            p.put("alert", null);
        } else {
            Map<String, Object> alert = new LinkedHashMap<>();
            alert.put("id", a.id.toString());
            alert.put("number", a.number);
            alert.put("serviceId", a.serviceId.toString());
            alert.put("status", a.status.json());
            alert.put("severity", a.severity.json());
            alert.put("summary", a.summary);
            alert.put("source", a.source);
            alert.put("dedupKey", a.dedupKey);
            alert.put("createdAt", a.createdAt.toString());
            alert.put("links", a.links == null ? List.of() : a.links);
            alert.put("details", a.details);
            p.put("alert", alert);
        }
        return p;
    }
}
