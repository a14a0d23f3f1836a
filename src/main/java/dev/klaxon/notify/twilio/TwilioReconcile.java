package dev.klaxon.notify.twilio;

import dev.klaxon.notify.ChannelSender.Reconciliation;
import dev.klaxon.notify.OutboxEntry;
import dev.klaxon.notify.SendResult;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * The one rule both Twilio senders use to find out whether an attempt whose answer was lost went out: among
 * Twilio's most recent records to the row's number, one created since the attempt's claim (less clock skew), from
 * our number, with matching content, that no other outbox row owns, is this row's. None: it was not sent.
 */
final class TwilioReconcile {

    /** Tolerated difference between our clock and Twilio's when matching records. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    /** Records fetched per reconciliation (one page, newest first). */
    static final long PAGE_SIZE = 50L;

    /** A message or call as Twilio lists it. {@code contentMatches}: the body matches (always true for calls). */
    record Record(String sid, Instant created, String from, String status, boolean contentMatches) {
    }

    private TwilioReconcile() {
    }

    /**
     * @param row        the row whose attempt may have gone out
     * @param ourNumber  the configured sender number
     * @param records    fetches Twilio's recent records to the row's number (only if the row has no provider id)
     * @param takenByRow whether another row (the UUID is this row's, to exclude) already owns a provider id
     */
    static Reconciliation reconcile(OutboxEntry row, String ourNumber, Supplier<Iterator<Record>> records,
                                    BiPredicate<String, UUID> takenByRow) {
        if (row.providerId != null) {
            return Reconciliation.sent(new SendResult(row.providerId, row.providerStatus));
        }
        Instant since = claimWindowStart(row);
        for (Iterator<Record> it = records.get(); it.hasNext(); ) {
            Record r = it.next();
            if (r.created() != null && r.created().isBefore(since)) {
                continue; // from before this attempt
            }
            if (r.from() != null && !ourNumber.equals(r.from())) {
                continue;
            }
            if (r.contentMatches() && !takenByRow.test(r.sid(), row.id)) {
                return Reconciliation.sent(new SendResult(r.sid(), r.status()));
            }
        }
        return Reconciliation.notSent();
    }

    /** Provider records from before this instant cannot belong to the row's current attempt. */
    static Instant claimWindowStart(OutboxEntry row) {
        Instant claimed = row.claimedAt != null ? row.claimedAt : row.createdAt;
        return claimed.truncatedTo(ChronoUnit.SECONDS).minus(CLOCK_SKEW);
    }
}
