package dev.klaxon.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A local ntfy server, as far as Klaxon uses one: JSON publishing to the root URL ({@code POST /} with the topic in
 * the body, answered with the stored message) and polling a topic's cache ({@code GET /<topic>/json?poll=1&since=<unix
 * time>}, one JSON message per line). Messages are stamped with {@link #useClock the fake's clock}.
 */
public final class FakeNtfy extends FakeHttpServer {

    private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<JsonNode> messages = new ArrayList<>();

    private FakeNtfy() {
        super("ntfy", null);
    }

    public static FakeNtfy start() {
        return new FakeNtfy();
    }

    @Override
    protected Reply answer(Request r) throws Exception {
        if ("POST".equals(r.method()) && "/".equals(r.path())) {
            JsonNode in = r.json();
            String topic = in.path("topic").asText("");
            if (!topic.matches("[A-Za-z0-9_-]{1,64}")) {
                return Reply.json(400, java.util.Map.of("code", 40009, "http", 400, "error", "invalid topic"));
            }
            ObjectNode m = JSON.createObjectNode();
            m.put("id", id());
            m.put("time", clock.instant().getEpochSecond());
            m.put("event", "message");
            m.setAll((ObjectNode) in);
            synchronized (messages) {
                messages.add(m);
            }
            stateChanged();
            return new Reply(200, "application/json", JSON.writeValueAsString(m));
        }
        if ("GET".equals(r.method()) && r.path().matches("^/[A-Za-z0-9_-]{1,64}/json$") && "1".equals(r.query().get("poll"))) {
            String topic = r.path().substring(1, r.path().length() - "/json".length());
            long since = Long.parseLong(r.query().getOrDefault("since", "0"));
            List<JsonNode> cached;
            synchronized (messages) {
                cached = messages.stream().filter(m -> topic.equals(m.path("topic").asText()))
                        .filter(m -> m.path("time").asLong() >= since).toList();
            }
            String body = cached.stream().map(JsonNode::toString).collect(Collectors.joining("\n"));
            return new Reply(200, "application/x-ndjson", cached.isEmpty() ? "" : body + "\n");
        }
        return Reply.json(404, java.util.Map.of("code", 40401, "http", 404, "error", "page not found"));
    }

    /** Published messages of one topic (as stored, with id and time), oldest first. */
    public List<JsonNode> messages(String topic) {
        synchronized (messages) {
            return messages.stream().filter(m -> topic.equals(m.path("topic").asText())).toList();
        }
    }

    /** Waits until the topic holds at least {@code count} messages. */
    public List<JsonNode> awaitMessages(String topic, int count) {
        return awaitState(() -> messages(topic), l -> l.size() >= count, Pages.WAIT,
                "expected " + count + " messages on topic " + topic);
    }

    private static String id() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            b.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
        }
        return b.toString();
    }

    /** Also forgets what was published. */
    @Override
    public void reset() {
        super.reset();
        synchronized (messages) {
            messages.clear();
        }
    }
}
