package dev.klaxon.notify.twilio;

import dev.klaxon.notify.ChannelSender;
import dev.klaxon.notify.OutboxEntry;
import dev.klaxon.notify.OutboxQueries;
import dev.klaxon.notify.SendResult;
import com.twilio.base.ResourceSet;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.time.Instant;

/**
 * SMS through Twilio's Messages API, with the official SDK. Each message asks Twilio to report its delivery
 * status to {@code /twilio/status/sms?row=<outbox row>}.
 */
@ApplicationScoped
public class TwilioSmsSender implements ChannelSender {

    @Inject
    TwilioClients twilio;

    @Inject
    OutboxQueries outboxQueries;

    @Override
    public String channel() {
        return "SMS";
    }

    @Override
    public SendResult send(OutboxEntry row) {
        Message m = Message.creator(new PhoneNumber(row.address), new PhoneNumber(twilio.from()), row.body)
                .setStatusCallback(URI.create(twilio.base() + "/twilio/status/sms?row=" + row.id))
                .create(twilio.client());
        return new SendResult(m.getSid(), m.getStatus() == null ? null : m.getStatus().toString());
    }

    /**
     * Whether the message went out, for a row whose sender died between claim and record. A status callback may
     * already have named its sid. Otherwise Twilio lists messages by recipient, newest first: one from our number
     * with this body, created since the claim (less clock skew) and not already recorded for another row, is it.
     * No date filter on the list: Twilio leaves date_sent empty while a message is queued.
     */
    @Override
    public Reconciliation reconcile(OutboxEntry row) {
        if (row.providerId != null) {
            return Reconciliation.sent(new SendResult(row.providerId, row.providerStatus));
        }
        Instant since = TwilioVoiceSender.claimWindowStart(row);
        String from = twilio.from();
        ResourceSet<Message> sent = Message.reader().setTo(new PhoneNumber(row.address)).setPageSize(50L)
                .read(twilio.client());
        sent.setAutoPaging(false);
        for (Message m : sent) {
            if (m.getDateCreated() != null && m.getDateCreated().toInstant().isBefore(since)) {
                continue; // from before this attempt
            }
            if (m.getFrom() != null && !from.equals(m.getFrom().toString())) {
                continue;
            }
            if (row.body.equals(m.getBody()) && !outboxQueries.providerIdTaken(m.getSid(), row.id)) {
                return Reconciliation.sent(new SendResult(m.getSid(), m.getStatus() == null ? null : m.getStatus().toString()));
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
}
