package dev.klaxon.platform;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The 1 MiB limit on request bodies (API.md: 413 for a body over 1 MiB), for bodies that declare no length.
 * {@link BodyLimitFilter} refuses a declared Content-Length over the limit before a byte is read; a chunked body
 * is read here, up to the limit and not a byte further, before any reader sees it: JSON for the admin API, forms
 * for {@code /twilio/*}. Past the limit the request is a 413 problem+json naming the limit, quietly: Quarkus' own
 * hard stop ({@code quarkus.http.limits.max-body-size}, 2 MiB) is never reached, so it never answers an empty 413
 * or logs a stack trace. Resources that take the raw {@link InputStream} (the webhooks) bound their own read with
 * {@link #read(InputStream)}, to answer in their format.
 */
@Provider
public class BodyLimits implements ReaderInterceptor {

    /** The largest request body Klaxon reads, in bytes (1 MiB). */
    public static final int MAX_BODY = 1024 * 1024;
    /** The title of every 413. */
    static final String TITLE = "Payload Too Large";
    /** The detail of every 413, naming the limit. */
    public static final String DETAIL = "request body exceeds 1 MiB";

    /**
     * Replaces the entity stream by the body read into memory, at most {@link #MAX_BODY} bytes.
     *
     * @throws KlaxonException too large when the body goes past the limit
     */
    @Override
    public Object aroundReadFrom(ReaderInterceptorContext ctx) throws IOException {
        if (ctx.getType() != InputStream.class) {
            byte[] body = read(ctx.getInputStream()).orElseThrow(KlaxonException::tooLarge);
            ctx.setInputStream(new ByteArrayInputStream(body));
        }
        return ctx.proceed();
    }

    /**
     * The body, or empty when it goes past {@link #MAX_BODY}; then the rest of it is left unread. A null stream is
     * an empty body.
     *
     * @throws IOException the connection failed while reading
     */
    public static Optional<byte[]> read(InputStream in) throws IOException {
        if (in == null) {
            return Optional.of(new byte[0]);
        }
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        return bytes.length > MAX_BODY ? Optional.empty() : Optional.of(bytes);
    }
}
