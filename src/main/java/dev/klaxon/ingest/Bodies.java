package dev.klaxon.ingest;

import dev.klaxon.platform.BodyLimitFilter;
import dev.klaxon.platform.BodyLimits;
import dev.klaxon.platform.KlaxonException;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a webhook body up to the 1 MiB limit and not a byte further ({@link BodyLimits#read}). {@link BodyLimitFilter}
 * refuses a body whose Content-Length is over the limit before it is read; this catches the chunked ones that
 * declare no length, so each webhook path can answer in its own format.
 */
final class Bodies {

    /** The body went past the limit; the rest of it was not read. */
    static final class TooLarge extends Exception {
        TooLarge() {
            super(BodyLimits.DETAIL, null, false, false);
        }
    }

    private Bodies() {
    }

    static byte[] read(InputStream in) throws TooLarge {
        try {
            return BodyLimits.read(in).orElseThrow(TooLarge::new);
        } catch (IOException e) {
            throw KlaxonException.badRequest("the request body could not be read");
        }
    }
}
