package dev.klaxon.notify.twilio;

import com.twilio.base.ResourceSet;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import dev.klaxon.notify.ChannelSender;
import dev.klaxon.notify.OutboxEntry;
import dev.klaxon.notify.SendResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;


/** SMS through Twilio's Messages API, with the official SDK. */
@ApplicationScoped
public class TwilioSmsSender implements ChannelSender {

    @Inject
    TwilioClients twilio;

    @Override
    public String channel() {
        return "SMS";
    }

    @Override
    public SendResult send(OutboxEntry row) {
        Message m = Message.creator(new PhoneNumber(row.address), new PhoneNumber(twilio.from()), row.body)
                .create(twilio.client());
        return new SendResult(m.getSid(), m.getStatus() == null ? null : m.getStatus().toString());
    }

    /**
     * Twilio lists messages by recipient, newest first: one with this body created since the row was written
     * means it went out. No date filter: Twilio leaves date_sent empty while a message is queued.
     */
    @Override
    public Reconciliation reconcile(OutboxEntry row) {
        ResourceSet<Message> sent = Message.reader().setTo(new PhoneNumber(row.address)).setPageSize(50L)
                .read(twilio.client());
        sent.setAutoPaging(false);
        for (Message m : sent) {
            if (row.body.equals(m.getBody()) && (m.getDateCreated() == null
                    || !m.getDateCreated().toInstant().isBefore(row.createdAt.minusSeconds(60)))) {
                return Reconciliation.sent(new SendResult(m.getSid(), m.getStatus() == null ? null : m.getStatus().toString()));
            }
        }
        return Reconciliation.notSent();
    }
}
