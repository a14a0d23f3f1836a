package dev.klaxon.notify.twilio;

import dev.klaxon.platform.KlaxonConfig;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.PublicUrl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Checks that a webhook came from Twilio: {@code X-Twilio-Signature} over the exact public URL Twilio called
 * (built from {@code klaxon.public-url}, path and query as sent) and the form fields. A bad signature is 403 and
 * changes nothing.
 */
@ApplicationScoped
public class TwilioWebhook {

    private static final Logger LOG = Logger.getLogger(TwilioWebhook.class);

    @Inject
    KlaxonConfig config;

    /** The form fields (first value each) if the signature matches; else throws 403. */
    public Map<String, String> verify(String path, UriInfo uri, MultivaluedMap<String, String> form, String signature) {
        Map<String, String> params = new HashMap<>();
        if (form != null) {
            form.forEach((k, v) -> params.put(k, v.isEmpty() ? "" : v.get(0)));
        }
        String query = uri == null ? null : uri.getRequestUri().getRawQuery();
        String url = PublicUrl.of(config, path) + (query == null ? "" : "?" + query);
        Optional<String> authToken = config.twilio().authToken().filter(s -> !s.isBlank());
        if (authToken.isEmpty() || !TwilioSignature.isValid(authToken.get(), url, params, signature)) {
            String shown = path.startsWith("/twilio/voice") ? "/twilio/voice" : path;
            LOG.warnf("refused a Twilio request to %s with a missing or wrong signature", shown);
            throw KlaxonException.forbidden("the X-Twilio-Signature does not match this request");
        }
        return params;
    }

    /**
     * Whether a call reached a voicemail (or a fax) rather than a human: Twilio's answering machine detection
     * reports {@code AnsweredBy} as {@code machine_start}, {@code machine_end_beep}, {@code machine_end_silence},
     * {@code machine_end_other} or {@code fax} (Twilio docs, "Answering Machine Detection"). A voicemail is not an
     * answer, whatever the call status says.
     *
     * @param params a verified voice webhook or status callback's parameters
     */
    public static boolean reachedVoicemail(Map<String, String> params) {
        String answeredBy = params.getOrDefault("AnsweredBy", "");
        return answeredBy.startsWith("machine") || answeredBy.equals("fax");
    }

    /** The outbox row a callback URL names ({@code ?row=}), if it is one. */
    public static UUID row(String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
