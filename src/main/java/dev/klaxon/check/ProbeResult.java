package dev.klaxon.check;

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

    /** Exception text for a result: in words, on one line, bounded, never a class name. */
    static String describe(Throwable e) {
        return dev.klaxon.platform.ErrorWords.of(e);
    }
}
