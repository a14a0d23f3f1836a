package dev.klaxon.check;

import dev.klaxon.platform.Text;
import java.time.Instant;

/**
 * What a probe found out.
 *
 * @param expiresAt when the thing expires (the earliest notAfter of a certificate chain); null if unknown
 * @param error     why the probe could not tell (handshake failed, registry unreachable); null on success
 * @param warning   something wrong that is not expiry, e.g. a certificate that is not trusted for the host
 */
public record ProbeResult(Instant expiresAt, String error, String warning) {

    public static ProbeResult failed(String error) {
        return new ProbeResult(null, error, null);
    }

    /** Exception text for a result: type and message on one line, bounded. */
    static String describe(Throwable e) {
        String msg = e.getMessage();
        String s = (e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg)).replaceAll("\\p{Cntrl}", " ");
        return Text.shorten(s, 300);
    }
}
