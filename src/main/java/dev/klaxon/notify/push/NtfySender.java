package dev.klaxon.notify.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loud push through ntfy: urgent priority for pages (a notice goes at ntfy's default, 3), a tap opens the ack page, and buttons acknowledge or resolve straight
 * from the notification (ntfy's phone app POSTs the signed ack link itself). Each message carries the tag
 * {@code klaxon-<outbox row id>}, so a row whose sender died mid-send is looked up in the topic's cache and only
 * re-sent when it is not there.
 */
@ApplicationScoped
public class NtfySender implements ChannelSender {

    static final String TAG_PREFIX = "klaxon-";
    /** ntfy priorities: 5 "urgent" (long vibration bursts, pop-over) for pages, 3 "default" for notices. */
    static final int URGENT = 5;
    static final int DEFAULT = 3;

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
        // the configured server is the operator's (trusted, and its outage is a provider outage); a topic URL a
        // user typed names a server that goes through the guard
        String configured = ProviderHttp.endpoint(config.ntfy().baseUrl());
        http = new ProviderHttp("ntfy", config.ntfy().connectTimeout(), config.ntfy().responseTimeout(),
                new ProviderCircuits("ntfy", channel(), breakers, configured::equals), guard,
                URI.create(config.ntfy().baseUrl().toString().replaceAll("/+$", "") + "/"));
    }

    @Override
    public String channel() {
        return ContactType.NTFY.name();
    }

    /** Guarded per endpoint by {@link dev.klaxon.notify.ProviderCircuits}. */
    @Override
    public boolean guardsEachEndpoint() {
        return true;
    }

    @Override
    public SendResult send(OutboxEntry row) throws Exception {
        NtfyTopic topic = topic(row);
        String body = json.writeValueAsString(message(row, topic.topic()));
        return http.call(request(topic, topic.publishUrl())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), answer -> {
                    String id = json.readTree(answer.body()).path("id").asText("");
                    if (id.isBlank()) {
                        throw new IllegalStateException("no message id");
                    }
                    return new SendResult(id, "published");
                });
    }

    /** ntfy keeps recent messages per topic (12 h by default) and answers a poll at once: ask it. */
    @Override
    public Reconciliation reconcile(OutboxEntry row) throws Exception {
        NtfyTopic topic = topic(row);
        String tag = tag(row);
        return http.call(request(topic, topic.pollUrl(row.createdAt.getEpochSecond() - 1)).GET(), answer -> {
            for (String line : answer.body().split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode m = json.readTree(line);
                if ("message".equals(m.path("event").asText()) && hasTag(m, tag)) {
                    return Reconciliation.sent(new SendResult(m.path("id").asText(null), "published"));
                }
            }
            return Reconciliation.notSent();
        });
    }

    /** The JSON ntfy publishes: urgent (a notice: default priority), tagged, with ack buttons on alert pages. */
    static Map<String, Object> message(OutboxEntry row, String topic) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("topic", topic);
        m.put("title", PushText.title(row));
        m.put("message", PushText.message(row));
        m.put("priority", row.kind() == OutboxEntry.Kind.NOTICE ? DEFAULT : URGENT);
        m.put("tags", List.of(switch (row.kind()) {
            case PAGE -> "rotating_light";
            case TEST -> "white_check_mark";
            case NOTICE -> "calendar";
        }, tag(row)));
        if (row.actionUrl != null) {
            m.put("click", row.actionUrl);
        }
        if (row.alertId != null && row.actionUrl != null) {
            List<Map<String, Object>> actions = new ArrayList<>();
            actions.add(ackAction("Acknowledge", row.actionUrl, "acknowledge"));
            actions.add(ackAction("Resolve", row.actionUrl, "resolve"));
            m.put("actions", actions);
        }
        return m;
    }

    private static Map<String, Object> ackAction(String label, String ackUrl, String action) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("action", "http");
        a.put("label", label);
        a.put("url", ackUrl);
        a.put("method", "POST");
        a.put("headers", Map.of("Content-Type", "application/x-www-form-urlencoded"));
        a.put("body", "action=" + action);
        a.put("clear", true);
        return a;
    }

    static String tag(OutboxEntry row) {
        return TAG_PREFIX + row.id;
    }

    private static boolean hasTag(JsonNode message, String tag) {
        for (JsonNode t : message.path("tags")) {
            if (tag.equals(t.asText())) {
                return true;
            }
        }
        return false;
    }

    private NtfyTopic topic(OutboxEntry row) throws ProviderException {
        try {
            return NtfyTopic.of(row.address, config.ntfy().baseUrl());
        } catch (IllegalArgumentException e) {
            throw new ProviderException("ntfy: " + e.getMessage(), true);
        }
    }

    private HttpRequest.Builder request(NtfyTopic topic, URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("User-Agent", "Klaxon");
        config.ntfy().accessToken().filter(t -> !t.isBlank()).filter(t -> topic.on(config.ntfy().baseUrl()))
                .ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b;
    }
}
