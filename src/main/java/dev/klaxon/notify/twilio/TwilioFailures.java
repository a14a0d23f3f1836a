package dev.klaxon.notify.twilio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.twilio.exception.ApiException;

import java.net.SocketTimeoutException;

/** How Klaxon reads a failed Twilio request. Pure. */
final class TwilioFailures {

    private TwilioFailures() {
    }

    /**
     * Twilio refused this one request (invalid number, unverified caller, 4xx): the message's problem, not a sign
     * that Twilio is down. Too many requests (429) and anything 5xx or without an answer count against Twilio.
     */
    static boolean providerFault(Throwable failure) {
        if (failure instanceof ApiException api && api.getStatusCode() != null) {
            int status = api.getStatusCode();
            return status >= 500 || status == 429;
        }
        return true;
    }

    /**
     * The request may have been taken: the answer timed out after it went out, or came back unreadable (a 2xx
     * that is not Twilio's JSON). Connection refused, DNS and TLS handshake failures are certain: nothing was sent.
     */
    static boolean outcomeUnknown(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof JsonProcessingException) {
                return true;
            }
        }
        return false;
    }
}
