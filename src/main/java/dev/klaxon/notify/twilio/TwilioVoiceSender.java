package dev.klaxon.notify.twilio;

import dev.klaxon.notify.ChannelSender;
import dev.klaxon.notify.OutboxEntry;
import dev.klaxon.notify.OutboxQueries;
import dev.klaxon.notify.SendResult;
import dev.klaxon.platform.KlaxonConfig;
import com.twilio.base.ResourceSet;
import com.twilio.http.HttpMethod;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.PhoneNumber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Page calls through Twilio's Calls API; Twilio then fetches the call's TwiML from Klaxon. Answering machine
 * detection waits for the end of a voicemail greeting; status callbacks ({@code initiated ringing answered
 * completed}) go to {@code /twilio/status/call?row=<outbox row>}, and the TwiML URL carries the row too.
 */
@ApplicationScoped
public class TwilioVoiceSender implements ChannelSender {

    /** Tolerated difference between our clock and Twilio's when matching records during reconciliation. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    @Inject
    TwilioClients twilio;

    @Inject
    OutboxQueries outboxQueries;

    @Inject
    KlaxonConfig config;

    @Override
    public String channel() {
        return "VOICE";
    }

    @Override
    public SendResult send(OutboxEntry row) {
        String twiml = row.actionUrl + (row.actionUrl.contains("?") ? "&" : "?") + "row=" + row.id;
        Call c = Call.creator(new PhoneNumber(row.address), new PhoneNumber(twilio.from()), URI.create(twiml))
                .setMachineDetection("DetectMessageEnd")
                .setTimeout(30)
                .setStatusCallback(URI.create(twilio.base() + "/twilio/status/call?row=" + row.id))
                .setStatusCallbackEvent(List.of("initiated", "ringing", "answered", "completed"))
                .setStatusCallbackMethod(HttpMethod.POST)
                .create(twilio.client());
        return new SendResult(c.getSid(), c.getStatus() == null ? null : c.getStatus().toString());
    }

    /**
     * Whether the call was placed, for a row whose sender died between claim and record. Its status callbacks
     * (which name the row) may already have recorded the sid. Otherwise: Twilio's call list shows neither the
     * TwiML URL nor the callback URL, so a call from our number to this one, created since the claim (less clock
     * skew) and not recorded for another row, is taken as this row's. Residual risk: two rows to the same number
     * whose senders both died within the same minute may swap sids — each is still called exactly once.
     */
    @Override
    public Reconciliation reconcile(OutboxEntry row) {
        if (row.providerId != null) {
            return Reconciliation.sent(new SendResult(row.providerId, row.providerStatus));
        }
        Instant since = claimWindowStart(row);
        String from = twilio.from();
        ResourceSet<Call> calls = Call.reader().setTo(new PhoneNumber(row.address)).setPageSize(50L)
                .read(twilio.client());
        calls.setAutoPaging(false);
        for (Call c : calls) {
            if (c.getDateCreated() != null && c.getDateCreated().toInstant().isBefore(since)) {
                continue;
            }
            if (c.getFrom() != null && !from.equals(c.getFrom())) {
                continue;
            }
            if (!outboxQueries.providerIdTaken(c.getSid(), row.id)) {
                return Reconciliation.sent(new SendResult(c.getSid(), c.getStatus() == null ? null : c.getStatus().toString()));
            }
        }
        return Reconciliation.notSent();
    }

    @Override
    public boolean providerFault(Throwable failure) {
        return TwilioFailures.providerFault(failure);
    }

    @Override
    public boolean outcomeUnknown(Throwable failure) {
        return TwilioFailures.outcomeUnknown(failure);
    }

    /** Twilio's calls-per-second, paced per replica. */
    @Override
    public Duration minInterval() {
        double perSecond = config.twilio().voiceCallsPerSecond();
        return perSecond <= 0 ? Duration.ZERO : Duration.ofNanos((long) (1_000_000_000L / perSecond));
    }

    /** Provider records from before this instant cannot belong to the row's current attempt. */
    static Instant claimWindowStart(OutboxEntry row) {
        Instant claimed = row.claimedAt != null ? row.claimedAt : row.createdAt;
        return claimed.truncatedTo(ChronoUnit.SECONDS).minus(CLOCK_SKEW);
    }
}
