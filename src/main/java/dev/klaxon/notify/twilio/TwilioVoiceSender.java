package dev.klaxon.notify.twilio;

import com.twilio.base.ResourceSet;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.PhoneNumber;
import dev.klaxon.notify.ChannelSender;
import dev.klaxon.notify.OutboxEntry;
import dev.klaxon.notify.SendResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;

/** Page calls through Twilio's Calls API; Twilio then fetches the call's TwiML from Klaxon. */
@ApplicationScoped
public class TwilioVoiceSender implements ChannelSender {

    @Inject
    TwilioClients twilio;

    @Override
    public String channel() {
        return "VOICE";
    }

    @Override
    public SendResult send(OutboxEntry row) {
        Call c = Call.creator(new PhoneNumber(row.address), new PhoneNumber(twilio.from()), URI.create(row.actionUrl))
                .setMachineDetection("DetectMessageEnd")
                .setTimeout(30)
                .create(twilio.client());
        return new SendResult(c.getSid(), c.getStatus() == null ? null : c.getStatus().toString());
    }

    /**
     * A call to this number created since the row was written means it went out (Twilio lists calls newest
     * first; no start-time filter, as a call not yet dialled has none).
     */
    @Override
    public Reconciliation reconcile(OutboxEntry row) {
        ResourceSet<Call> calls = Call.reader().setTo(new PhoneNumber(row.address)).setPageSize(50L)
                .read(twilio.client());
        calls.setAutoPaging(false);
        for (Call c : calls) {
            if (c.getDateCreated() == null || !c.getDateCreated().toInstant().isBefore(row.createdAt.minusSeconds(5))) {
                return Reconciliation.sent(new SendResult(c.getSid(), c.getStatus() == null ? null : c.getStatus().toString()));
            }
        }
        return Reconciliation.notSent();
    }
}
