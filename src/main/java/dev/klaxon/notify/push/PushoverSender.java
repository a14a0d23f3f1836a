package dev.klaxon.notify.push;

import dev.klaxon.alert.AlertService;
import dev.klaxon.alert.AlertStatus;
import dev.klaxon.directory.ContactType;
import dev.klaxon.notify.ChannelSender;
import dev.klaxon.notify.OutboxEntry;
import dev.klaxon.notify.SendResult;
import dev.klaxon.platform.KlaxonConfig;
import dev.klaxon.platform.PublicUrl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pushover at emergency priority: Pushover repeats the notification every {@code retry} until someone acknowledges
 * it in the app or {@code expire} runs out. An acknowledgement in Pushover calls back Klaxon (signed callback URL)
 * and acknowledges the alert; an acknowledgement anywhere else cancels the receipt ({@link PushoverReceipts}).
 * Pushover cannot be asked whether a message went out, so a row whose sender died is re-sent (the default
 * reconciliation): a second emergency push is the lesser evil than none.
 */
@ApplicationScoped
public class PushoverSender implements ChannelSender {

    static final int EMERGENCY = 2;
    static final int HIGH = 1;
    /** Pushover's own bounds for emergency retry and expire. */
    static final Duration MIN_RETRY = Duration.ofSeconds(30);
    static final Duration MAX_EXPIRE = Duration.ofHours(3);

    @Inject
    KlaxonConfig config;

    @Inject
    PushoverApi api;

    @Inject
    PushoverCallbackTokens tokens;

    @Inject
    PushoverReceipts receipts;

    @Inject
    AlertService alerts;

    @Inject
    InstantSource clock;

    @Override
    public String channel() {
        return ContactType.PUSHOVER.name();
    }

    /** Guarded per endpoint by {@link dev.klaxon.notify.ProviderCircuits}. */
    @Override
    public boolean guardsEachEndpoint() {
        return true;
    }

    @Override
    public SendResult send(OutboxEntry row) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", api.appToken());
        form.put("user", row.address);
        form.put("title", PushText.cut(PushText.title(row), 250));
        form.put("message", PushText.cut(PushText.message(row), 1024));
        boolean page = row.alertId != null;
        if (page) {
            Duration retry = max(config.pushover().retry(), MIN_RETRY);
            Duration expire = min(max(config.pushover().expire(), retry), MAX_EXPIRE);
            form.put("priority", Integer.toString(EMERGENCY));
            form.put("retry", Long.toString(retry.toSeconds()));
            form.put("expire", Long.toString(expire.toSeconds()));
            // Pushover calls back within expire; a day's margin covers a slow callback, not a replay weeks later
            form.put("callback", base() + "/pushover/callback/" + tokens.sign(row.id, clock.instant().plus(expire).plus(Duration.ofDays(1))));
        } else {
            // a test message: loud, but not one that repeats until acknowledged
            form.put("priority", Integer.toString(HIGH));
        }
        if (row.actionUrl != null) {
            form.put("url", row.actionUrl);
            form.put("url_title", "Open in Klaxon");
        }
        PushoverApi.Queued q = api.push(form);
        if (!page) {
            return new SendResult(q.request(), "queued");
        }
        if (q.receipt() == null) {
            throw new IllegalStateException("Pushover queued an emergency message without a receipt");
        }
        // acknowledged while this push was in flight: the cancel sweep could not see its receipt yet
        if (alerts.require(row.alertId).status != AlertStatus.TRIGGERED) {
            receipts.cancel(row.alertId, row.address, q.receipt());
        }
        return new SendResult(q.receipt(), "queued");
    }

    private String base() {
        return PublicUrl.base(config);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
