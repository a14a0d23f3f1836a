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

    /**
     * Whether this failure says the provider is unhealthy (counts towards its circuit breaker; the page is retried
     * with backoff). False for a definite refusal of this one message — an invalid number, a 4xx that says the
     * request itself is wrong ({@link ProviderException#rejected()}): sending it again cannot help, so the page
     * fails for good and the next contact method takes over at once.
     */
    default boolean providerFault(Throwable failure) {
        return !(failure instanceof ProviderException p && p.rejected());
    }

    /**
     * Whether the provider may have accepted the message despite the failure (a timeout after the request went
     * out, an answer that could not be read). Such a row is not re-sent blindly: it is reconciled first.
     */
    default boolean outcomeUnknown(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether this sender keeps a circuit breaker per endpoint itself (an ntfy server, a webhook receiver, an SMTP
     * relay). Such channels reach many independent endpoints, so one broken receiver must not trip a breaker for
     * the whole channel; the dispatcher's channel-wide breaker is for single-provider channels like Twilio's.
     */
    default boolean guardsEachEndpoint() {
        return false;
    }

    /** The shortest time between two sends through this provider account (its rate); zero for no pacing. */
    default java.time.Duration minInterval() {
        return java.time.Duration.ZERO;
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
