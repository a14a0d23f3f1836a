package dev.klaxon.platform;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Headers every response carries, and the stricter set of HTML pages. The ack and bundle pages carry a secret in
 * their URL: no referrer may leak it, no cache may keep it, no other site may frame the buttons (clickjacking), and
 * the page runs no script but its own inline style.
 */
public class SecurityHeaders {

    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self';"
            + " base-uri 'none'; frame-ancestors 'none'";

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> h = response.getHeaders();
        h.putSingle("X-Content-Type-Options", "nosniff");
        MediaType type = response.getMediaType();
        if (type != null && type.isCompatible(MediaType.TEXT_HTML_TYPE)) {
            h.putSingle("Content-Security-Policy", CSP);
            h.putSingle("X-Frame-Options", "DENY");
            h.putSingle("Referrer-Policy", "no-referrer");
            h.putSingle("Cache-Control", "no-store");
        }
    }
}
