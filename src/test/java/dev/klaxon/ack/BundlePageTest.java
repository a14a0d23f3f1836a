package dev.klaxon.ack;

import dev.klaxon.notify.render.AckLinks;
import dev.klaxon.testing.Api;
import dev.klaxon.testing.TestClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The list link of a bundled page shows, for each alert, what the single-alert page shows before tapping. */
@QuarkusTest
class BundlePageTest {

    @Inject
    AckLinks links;

    @Inject
    EntityManager em;

    @Inject
    TestClock clock;

    /** A bundle as the notifier stores it: a sent page, and one folded (canceled) page per alert pointing at it. */
    private UUID bundle(UUID userId, String... alertIds) {
        UUID bundleId = UUID.randomUUID();
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> {
            insert(bundleId, null, userId, "SENT", null, now);
            for (String a : alertIds) {
                insert(UUID.randomUUID(), UUID.fromString(a), userId, "CANCELED", bundleId, now);
            }
        });
        return bundleId;
    }

    private void insert(UUID id, UUID alertId, UUID userId, String status, UUID bundleId, Instant now) {
        em.createNativeQuery("""
                        INSERT INTO outbox (id, page_key, alert_id, user_id, channel, address, body, status, not_before,
                                            created_at, updated_at, bundle_id)
                        VALUES (?1, ?2, ?3, ?4, 'SMS', '+4915100000000', 'bundle test', ?5, ?6, ?6, ?6, ?7)""")
                .setParameter(1, id).setParameter(2, "bundle-test-" + id).setParameter(3, alertId).setParameter(4, userId)
                .setParameter(5, status).setParameter(6, now).setParameter(7, bundleId).executeUpdate();
    }

    @Test
    void eachAlertOfABundleShowsItsServiceSeverityStartSourceAndLinks() {
        String user = Api.user("Bundle Reader");
        String service = Api.service(Api.policy("PT30M", 0, user));
        String serviceName = Api.admin().get("/api/v1/services/" + service).then().extract().path("name");
        String key = Api.integration(service, "GENERIC");
        String first = Api.hook(key, "{\"action\":\"trigger\",\"summary\":\"bundle disk\",\"severity\":\"critical\","
                + "\"source\":\"prometheus-eu\",\"links\":[{\"href\":\"https://runbooks.example.com/disk\",\"text\":\"Disk runbook\"}]}")
                .then().statusCode(202).extract().path("alertId");
        String second = Api.hook(key, "{\"action\":\"trigger\",\"summary\":\"bundle cpu\",\"severity\":\"warning\"}")
                .then().statusCode(202).extract().path("alertId");
        String token = links.bundleToken(bundle(UUID.fromString(user), first, second), UUID.fromString(user));

        String html = given().get("/ack/bundle/" + token).then().statusCode(200).extract().asString();
        assertTrue(html.contains("2 alerts"), html);
        assertTrue(html.contains("<dt>Service</dt><dd>" + serviceName + "</dd>"), "each alert names its service: " + html);
        assertTrue(html.contains("<dt>Source</dt><dd>prometheus-eu</dd>"), html);
        assertTrue(html.contains("<a href=\"https://runbooks.example.com/disk\" rel=\"noopener noreferrer\" target=\"_blank\">Disk runbook</a>"), html);
        assertTrue(html.contains("sev-critical") && html.contains("sev-warning"), html);
        Instant created = Instant.parse(Api.admin().get("/api/v1/alerts/" + first).then().extract().path("createdAt"));
        String started = DateTimeFormatter.ofPattern("EEE d MMM HH:mm z", Locale.ENGLISH)
                .format(created.atZone(ZoneId.of("Europe/Berlin")));
        assertTrue(html.contains(started), "started, in the reader's zone: " + started + " in " + html);
        assertTrue(html.contains("/ack/") && html.contains("on its own</a>"), "each alert links to its own page: " + html);
    }
}
