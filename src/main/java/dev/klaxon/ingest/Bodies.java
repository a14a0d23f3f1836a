package dev.klaxon.ingest;

import dev.klaxon.platform.BodyLimitFilter;
import dev.klaxon.platform.KlaxonException;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a webhook body up to the 1 MiB limit and not a byte further. {@link BodyLimitFilter} refuses a body whose
 * Content-Length is over the limit before it is read; this catches the chunked ones that declare no length.
 */
final class Bodies {

    /** The body went past the limit; the rest of it was not read. */
    static final class TooLarge extends Exception {
        TooLarge() {
            super("request body exceeds 1 MiB", null, false, false);
        }
    }

    private Bodies() {
    }

    static byte[] read(InputStream in) throws TooLarge {
        if (in == null) {
            return new byte[0];
        }
        try {
            byte[] bytes = in.readNBytes((int) BodyLimitFilter.MAX_BODY + 1);
            if (bytes.length > BodyLimitFilter.MAX_BODY) {
                throw new TooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw KlaxonException.badRequest("the request body could not be read");
        }
    }
}
