package dev.klaxon.platform;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * A failure in words for a timeline or an {@code error} field: never a Java class name, on one line, bounded.
 * Messages of our own exceptions are already worded for people; JDK network failures get a plain phrase.
 */
public final class ErrorWords {

    private static final int MAX = 300;

    private ErrorWords() {
    }

    public static String of(Throwable t) {
        String phrase;
        if (t instanceof OutboundGuard.Refused) {
            phrase = t.getMessage();
        } else if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException || t instanceof TimeoutException) {
            phrase = "timed out" + suffix(t);
        } else if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
            phrase = "the connection was refused";
        } else if (t instanceof UnknownHostException) {
            phrase = "the host name does not resolve" + suffix(t);
        } else if (t instanceof SSLException) {
            phrase = "TLS error" + suffix(t);
        } else if (t.getMessage() != null && !t.getMessage().isBlank()) {
            phrase = t.getMessage();
        } else {
            phrase = "an unexpected error";
        }
        String s = phrase.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return s.length() > MAX ? s.substring(0, MAX) + "…" : s;
    }

    private static String suffix(Throwable t) {
        return t.getMessage() == null || t.getMessage().isBlank() ? "" : ": " + t.getMessage();
    }
}
