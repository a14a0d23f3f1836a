package dev.klaxon.notify.push;

import dev.klaxon.alert.AlertService;
import dev.klaxon.alert.AlertSignals;
import dev.klaxon.alert.TimelineKind;
import dev.klaxon.directory.ContactType;
import dev.klaxon.notify.OutboxEntry;
import dev.klaxon.notify.OutboxQueries;
import dev.klaxon.notify.OutboxStatus;
import dev.klaxon.notify.ProviderException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * When an alert is acknowledged or resolved anywhere, its Pushover emergency notifications stop repeating: their
 * receipts are canceled. This runs after the acknowledging transaction committed and off its thread, so a slow
 * Pushover never delays an acknowledgement; each cancel (or its failure) is written on the alert's timeline.
 */
@ApplicationScoped
public class PushoverReceipts {

    private static final Logger LOG = Logger.getLogger(PushoverReceipts.class);

    @Inject
    OutboxQueries outboxQueries;

    @Inject
    AlertService alerts;

    @Inject
    PushoverApi api;

    private ExecutorService executor;

    @PostConstruct
    void init() {
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "klaxon-pushover-cancel-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void shutdown() {
        executor.shutdownNow();
    }

    void onStopped(@Observes(during = TransactionPhase.AFTER_SUCCESS) AlertSignals.Stopped e) {
        executor.execute(() -> cancelAll(e.alertId()));
    }

    void cancelAll(UUID alertId) {
        try {
            for (OutboxEntry row : outboxQueries.forAlert(alertId)) {
                if (ContactType.PUSHOVER.name().equals(row.channel) && row.providerId != null
                        && (row.status == OutboxStatus.SENT || row.status == OutboxStatus.DELIVERED)) {
                    cancel(alertId, row.address, row.providerId);
                }
            }
        } catch (RuntimeException ex) {
            LOG.warnf("canceling the Pushover receipts of alert %s failed: %s", alertId, ex.toString());
        }
    }

    void cancel(UUID alertId, String userKey, String receipt) {
        try {
            api.cancel(receipt);
            alerts.log(alertId, TimelineKind.PUSH_CANCELED, null, "PUSHOVER to " + userKey
                    + ": emergency notification canceled (receipt " + receipt + ")");
        } catch (ProviderException ex) {
            alerts.log(alertId, TimelineKind.PUSH_CANCEL_FAILED, null, "PUSHOVER to " + userKey + ": could not cancel receipt "
                    + receipt + ", it repeats until it expires: " + ex.getMessage());
        }
    }
}
