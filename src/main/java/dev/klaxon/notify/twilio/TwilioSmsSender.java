package dev.klaxon.notify.twilio;

import com.twilio.base.ResourceSet;
import com.twilio.rest.api.v2010.account.Message;
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
import java.util.stream.StreamSupport;

/**
 * SMS through Twilio's Messages API, with the official SDK. Each message asks Twilio to report its delivery
 * status to {@code /twilio/status/sms?row=<outbox row>}.
 */
@ApplicationScoped
public class TwilioSmsSender implements ChannelSender {

    @Inject
    KlaxonConfig config;

    @Inject
    TwilioClients twilio;

    @Inject
    OutboxQueries outboxQueries;

    @Override
    public String channel() {
        return ContactType.SMS.name();
    }

    @Override
    public SendResult send(OutboxEntry row) {
        Message m = Message.creator(new PhoneNumber(row.address), new PhoneNumber(twilio.from()), row.body)
                .setStatusCallback(URI.create(PublicUrl.of(config, "/twilio/status/sms?row=" + row.id)))
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
        return TwilioReconcile.reconcile(row, twilio.from(), () -> {
            ResourceSet<Message> sent = Message.reader().setTo(new PhoneNumber(row.address))
                    .setPageSize(TwilioReconcile.PAGE_SIZE).read(twilio.client());
            sent.setAutoPaging(false);
            return StreamSupport.stream(sent.spliterator(), false)
                    .map(m -> new TwilioReconcile.Record(m.getSid(),
                            m.getDateCreated() == null ? null : m.getDateCreated().toInstant(),
                            m.getFrom() == null ? null : m.getFrom().toString(),
                            m.getStatus() == null ? null : m.getStatus().toString(), row.body.equals(m.getBody())))
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
}
