package dev.klaxon.notify.twilio;

import com.twilio.base.ResourceSet;
import com.twilio.http.HttpMethod;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.PhoneNumber;
import dev.klaxon.directory.ContactType;
import dev.klaxon.notify.ChannelSender;
import dev.klaxon.notify.OutboxEntry;
import dev.klaxon.notify.OutboxQueries;
import dev.klaxon.notify.SendResult;
import dev.klaxon.platform.KlaxonConfig;
import dev.klaxon.platform.PublicUrl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * Page calls through Twilio's Calls API; Twilio then fetches the call's TwiML from Klaxon. Answering machine
 * detection waits for the end of a voicemail greeting; status callbacks ({@code initiated ringing answered
 * completed}) go to {@code /twilio/status/call?row=<outbox row>}, and the TwiML URL carries the row too.
 */
@ApplicationScoped
public class TwilioVoiceSender implements ChannelSender {

    @Inject
    TwilioClients twilio;

    @Inject
    OutboxQueries outboxQueries;

    @Inject
    KlaxonConfig config;

    @Override
    public String channel() {
        return ContactType.VOICE.name();
    }

    @Override
    public SendResult send(OutboxEntry row) {
        String twiml = row.actionUrl + (row.actionUrl.contains("?") ? "&" : "?") + "row=" + row.id;
        Call c = Call.creator(new PhoneNumber(row.address), new PhoneNumber(twilio.from()), URI.create(twiml))
                .setMachineDetection("DetectMessageEnd")
                .setTimeout(30)
                .setStatusCallback(URI.create(PublicUrl.of(config, "/twilio/status/call?row=" + row.id)))
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
        return TwilioReconcile.reconcile(row, twilio.from(), () -> {
            ResourceSet<Call> calls = Call.reader().setTo(new PhoneNumber(row.address))
                    .setPageSize(TwilioReconcile.PAGE_SIZE).read(twilio.client());
            calls.setAutoPaging(false);
            return StreamSupport.stream(calls.spliterator(), false)
                    .map(c -> new TwilioReconcile.Record(c.getSid(),
                            c.getDateCreated() == null ? null : c.getDateCreated().toInstant(), c.getFrom(),
                            c.getStatus() == null ? null : c.getStatus().toString(), true))
                    .iterator();
        }, outboxQueries::providerIdTaken);
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
}
