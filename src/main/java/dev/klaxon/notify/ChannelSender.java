package dev.klaxon.notify;

import java.util.Optional;

/** Sends one outbox row through one provider. Implementations are CDI beans, one per channel. */
public interface ChannelSender {

    String channel();

    /** Hands the message to the provider; throws when the provider did not accept it. */
    SendResult send(OutboxEntry row) throws Exception;

    /**
     * For a row whose sender died between claim and record: asks the provider whether the message went out.
     * Empty when it did not (re-send); {@link Reconciliation#UNKNOWN} when this provider cannot be asked.
     */
    default Reconciliation reconcile(OutboxEntry row) throws Exception {
        return Reconciliation.UNKNOWN;
    }

    record Reconciliation(boolean known, Optional<SendResult> sent) {
        public static final Reconciliation UNKNOWN = new Reconciliation(false, Optional.empty());

        public static Reconciliation notSent() {
            return new Reconciliation(true, Optional.empty());
        }

        public static Reconciliation sent(SendResult r) {
            return new Reconciliation(true, Optional.of(r));
        }
    }
}
