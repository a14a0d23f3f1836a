package dev.klaxon.platform;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Refuses bodies over 1 MiB with 413 problem+json before a byte of them is read, and closes the connection so a
 * sender of 10 MB is not drained into memory.
 */
@Singleton
public class BodyLimitFilter {

    public static final long MAX_BODY = 1024 * 1024;

    private static final String TOO_LARGE = "{\"type\":\"about:blank\",\"title\":\"Payload Too Large\",\"status\":413,"
            + "\"detail\":\"request body exceeds 1 MiB\"}";

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long declared;
            try {
                declared = length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = Long.MAX_VALUE;
            }
            if (declared > MAX_BODY) {
                rc.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(TOO_LARGE);
                return;
            }
            rc.next();
        }, 1000);
    }
}
