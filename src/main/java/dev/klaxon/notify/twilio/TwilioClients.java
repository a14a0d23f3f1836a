package dev.klaxon.notify.twilio;

import com.twilio.http.TwilioRestClient;
import dev.klaxon.platform.KlaxonConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The one Twilio REST client of this replica, built from settings on first use. */
@ApplicationScoped
public class TwilioClients {

    @Inject
    KlaxonConfig config;

    private volatile TwilioRestClient client;

    public TwilioRestClient client() {
        TwilioRestClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    KlaxonConfig.Twilio t = config.twilio();
                    String sid = t.accountSid().filter(s -> !s.isBlank())
                            .orElseThrow(() -> new IllegalStateException("Twilio is not configured: set KLAXON_TWILIO_ACCOUNT_SID"));
                    String token = t.authToken().filter(s -> !s.isBlank())
                            .orElseThrow(() -> new IllegalStateException("Twilio is not configured: set KLAXON_TWILIO_AUTH_TOKEN"));
                    client = TwilioClientFactory.create(sid, token, t.apiBaseUrl(), t.connectTimeout(), t.responseTimeout());
                }
                c = client;
            }
        }
        return c;
    }

    public String from() {
        return config.twilio().fromNumber().filter(s -> !s.isBlank())
                .orElseThrow(() -> new IllegalStateException("Twilio is not configured: set KLAXON_TWILIO_FROM_NUMBER"));
    }

}
