package dev.klaxon.testing;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Pushover API: {@code POST /1/messages.json} (checks the application token, the user key, and the rules of
 * emergency priority: retry at least 30 s, expire at most 3 h; answers a receipt for priority 2) and
 * {@code POST /1/receipts/<receipt>/cancel.json}. Errors look like Pushover's: HTTP 400 with {@code status: 0}.
 */
public final class FakePushover extends FakeHttpServer {

    public static final String APP_TOKEN = "azGDORePK8gMaC0QOYAMyEEuzJnyUi";
    private static final Pattern CANCEL = Pattern.compile("^/1/receipts/([A-Za-z0-9]+)/cancel\\.json$");
    private static final String KEY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A message Pushover queued, with the receipt it answered (null below emergency priority). */
    public record Queued(Map<String, String> form, String receipt) {
        public String param(String name) {
            return form.get(name);
        }
    }

    private final List<Queued> queued = new ArrayList<>();
    private final List<String> canceled = new ArrayList<>();

    private FakePushover() {
        super("pushover", null);
    }

    public static FakePushover start() {
        return new FakePushover();
    }

    /** A valid, unique 30-character user key. */
    public static String userKey() {
        return key();
    }

    @Override
    protected Reply answer(Request r) {
        Map<String, String> form = r.form();
        if (!"POST".equals(r.method())) {
            return error("method not allowed");
        }
        if (!APP_TOKEN.equals(form.get("token"))) {
            return error("application token is invalid");
        }
        Matcher cancel = CANCEL.matcher(r.path());
        if (cancel.matches()) {
            synchronized (queued) {
                canceled.add(cancel.group(1));
            }
            stateChanged();
            return ok(null);
        }
        if (!"/1/messages.json".equals(r.path())) {
            return new Reply(404, "text/plain", "not found");
        }
        if (form.getOrDefault("user", "").length() != 30) {
            return error("user identifier is not a valid user, group, or subscribed user key");
        }
        if (form.getOrDefault("message", "").isBlank()) {
            return error("message cannot be blank");
        }
        String receipt = null;
        if ("2".equals(form.get("priority"))) {
            int retry = Integer.parseInt(form.getOrDefault("retry", "0"));
            int expire = Integer.parseInt(form.getOrDefault("expire", "0"));
            if (retry < 30 || expire <= 0 || expire > 10800) {
                return error("retry must be at least 30 and expire at most 10800 for emergency priority");
            }
            receipt = key();
        }
        synchronized (queued) {
            queued.add(new Queued(form, receipt));
        }
        stateChanged();
        return ok(receipt);
    }

    public List<Queued> messagesTo(String userKey) {
        synchronized (queued) {
            return queued.stream().filter(q -> userKey.equals(q.param("user"))).toList();
        }
    }

    public List<Queued> awaitMessages(String userKey, int count) {
        return awaitState(() -> messagesTo(userKey), l -> l.size() >= count, Pages.WAIT,
                "expected " + count + " messages to " + userKey);
    }

    public List<String> canceled() {
        synchronized (queued) {
            return List.copyOf(canceled);
        }
    }

    public void awaitCanceled(String receipt) {
        awaitState(this::canceled, l -> l.contains(receipt), Pages.WAIT, "expected receipt " + receipt + " canceled");
    }

    private static Reply ok(String receipt) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("status", 1);
        body.put("request", UUID.randomUUID().toString());
        if (receipt != null) {
            body.put("receipt", receipt);
        }
        return Reply.json(200, body);
    }

    private static Reply error(String message) {
        return Reply.json(400, Map.of("status", 0, "request", UUID.randomUUID().toString(), "errors", List.of(message)));
    }

    private static String key() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            b.append(KEY_CHARS.charAt(RANDOM.nextInt(KEY_CHARS.length())));
        }
        return b.toString();
    }

    /** Also forgets what was published. */
    @Override
    public void reset() {
        super.reset();
        synchronized (queued) {
            queued.clear();
            canceled.clear();
        }
    }
}
