package dev.klaxon.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klaxon.platform.KlaxonConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;

/**
 * Asks RDAP (RFC 9082/9083) when a domain's registration expires: {@code GET {base}/domain/{name}}, the
 * {@code eventDate} of the event whose {@code eventAction} is {@code expiration}.
 */
@ApplicationScoped
public class RdapClient {

    /** Registries answer in kilobytes; anything this large is not an RDAP domain object. */
    private static final int MAX_BODY = 1 << 20;

    @Inject
    KlaxonConfig config;

    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL) // rdap.org and bootstrap servers redirect to the registry
            .build();

    public ProbeResult expiration(String domain) {
        String base = config.checks().rdapBaseUrl().toString().replaceAll("/+$", "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/domain/" + domain))
                .timeout(config.checks().timeout())
                .header("Accept", "application/rdap+json, application/json")
                .GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (response.statusCode() == 404) {
                return ProbeResult.failed("the registry has no record of " + domain + " (RDAP 404)");
            }
            if (response.statusCode() != 200) {
                return ProbeResult.failed("RDAP answered HTTP " + response.statusCode());
            }
            if (body.length > MAX_BODY) {
                return ProbeResult.failed("RDAP answer is too large");
            }
            JsonNode events = json.readTree(body).path("events");
            for (JsonNode event : events) {
                if ("expiration".equals(event.path("eventAction").asText())) {
                    return new ProbeResult(OffsetDateTime.parse(event.path("eventDate").asText()).toInstant(), null, null);
                }
            }
            return ProbeResult.failed("RDAP lists no expiration event for " + domain);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.failed("interrupted");
        } catch (IOException | RuntimeException e) {
            return ProbeResult.failed(ProbeResult.describe(e));
        }
    }
}
