package dev.klaxon.notify.email;

import dev.klaxon.directory.ContactType;
import dev.klaxon.notify.Breakers;
import dev.klaxon.notify.ChannelSender;
import dev.klaxon.notify.OutboxEntry;
import dev.klaxon.notify.ProviderCircuits;
import dev.klaxon.notify.ProviderException;
import dev.klaxon.notify.SendResult;
import dev.klaxon.platform.KlaxonConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.vertx.ext.mail.SMTPException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;
import java.util.UUID;

/**
 * Email pages over SMTP (quarkus-mailer; {@code QUARKUS_MAILER_*} settings). SMTP cannot be asked whether a message
 * went out, so a row whose sender died is sent again with the same {@code Message-ID}, derived from the outbox row:
 * mail clients and archives show one message, not two.
 */
@ApplicationScoped
public class EmailSender implements ChannelSender {

    @Inject
    Mailer mailer;

    @Inject
    KlaxonConfig config;

    @ConfigProperty(name = "quarkus.mailer.host", defaultValue = "localhost")
    String smtpHost;

    @ConfigProperty(name = "quarkus.mailer.port")
    Optional<Integer> smtpPort;

    @Inject
    Breakers breakers;

    private ProviderCircuits circuits;

    @PostConstruct
    void init() {
        circuits = new ProviderCircuits("SMTP", channel(), breakers, endpoint -> true);
    }

    @Override
    public String channel() {
        return ContactType.EMAIL.name();
    }

    /** Guarded per endpoint by {@link dev.klaxon.notify.ProviderCircuits}. */
    @Override
    public boolean guardsEachEndpoint() {
        return true;
    }

    @Override
    public SendResult send(OutboxEntry row) throws Exception {
        String messageId = messageId(row.id);
        Mail mail = Mail.withText(row.address, row.subject == null ? "Klaxon" : row.subject, text(row))
                .addHeader("Message-ID", messageId)
                // tells vacation responders and ticket systems not to answer a page
                .addHeader("Auto-Submitted", "auto-generated")
                .addHeader("X-Klaxon-Notification", row.id.toString());
        String relay = smtpHost + ":" + smtpPort.map(String::valueOf).orElse("default");
        circuits.call(relay, () -> {
            try {
                mailer.send(mail);
            } catch (RuntimeException e) {
                throw refusalOr(e, relay);
            }
            return Boolean.TRUE;
        });
        return new SendResult(messageId, "accepted");
    }

    /**
     * A permanent SMTP reply (5yz, RFC 5321 §4.2.1: "the SMTP client SHOULD NOT repeat the exact request" — an
     * unknown mailbox, a refused address) fails this page for good, so the next contact method takes over at once;
     * a transient one (4yz), a timeout or a refused connection is the relay's fault and is retried.
     */
    static Exception refusalOr(RuntimeException e, String relay) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SMTPException smtp && smtp.isPermanent()) {
                // the reply code only: what a server answers is never shown to users
                return new ProviderException("the SMTP relay " + relay + " refused the message for good (SMTP reply "
                        + smtp.getReplyCode() + ")", true);
            }
        }
        return e;
    }

    /** The same for every attempt of one outbox row: the idempotency key email has. */
    String messageId(UUID rowId) {
        String host = config.publicUrl().getHost();
        return "<klaxon." + rowId + "@" + (host == null || host.isBlank() ? "klaxon.invalid" : host) + ">";
    }

    static String text(OutboxEntry row) {
        return (row.body == null ? "" : row.body) + "\n\n-- \nSent by Klaxon"
                + (row.alertId == null ? "." : ". Acknowledging in any one place stops all pages for this alert.");
    }
}
