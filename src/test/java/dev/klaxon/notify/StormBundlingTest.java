package dev.klaxon.notify;

import dev.klaxon.engine.EscalationSweep;
import dev.klaxon.testing.FakeTwilio;
import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.Pages;
import dev.klaxon.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.alertStatus;
import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.notifications;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.twilioPost;
import static dev.klaxon.testing.Api.user;
import static dev.klaxon.testing.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A storm of alerts must not become a storm of pages: past the bundling threshold (3 per 2 minutes per contact
 * method) and the rate limits (SMS 5 per 15 minutes, voice 3 per 15 minutes), what is due for one phone goes out
 * as one bundled page saying how many alerts on which service, with a list link and "reply aa".
 */
@QuarkusTest
class StormBundlingTest {

    private static final Pattern BUNDLE = Pattern.compile("Klaxon: (\\d+) alerts on (\\S+) - reply aa to acknowledge all\\nList: "
            + Pattern.quote(KlaxonTestEnvironment.PUBLIC_URL) + "(/ack/bundle/\\S+)");

    @Inject
    TestClock clock;

    @Inject
    EscalationSweep sweep;

    @Inject
    Dispatcher dispatcher;

    /** No page for this phone is due or in flight: the dispatcher has decided about everything it could. */
    private void settle(String phone) {
        Pages.until("pages to " + phone + " are settled", () -> count("""
                SELECT count(*) FROM outbox WHERE address = ? AND (status = 'SENDING'
                   OR (status = 'PENDING' AND not_before <= ?))""", phone) == 0);
    }

    private int count(String sql, String phone) {
        try (Connection c = KlaxonTestEnvironment.connect(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, phone);
            if (sql.chars().filter(ch -> ch == '?').count() > 1) {
                st.setTimestamp(2, Timestamp.from(clock.instant()));
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For each alert: how many pages on this channel reached Twilio for it, on their own or inside a bundle. */
    private Map<String, Integer> coverage(String phone, String channel) throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        try (Connection c = KlaxonTestEnvironment.connect(); PreparedStatement st = c.prepareStatement("""
                SELECT o.alert_id, count(*) FROM outbox o LEFT JOIN outbox b ON b.id = o.bundle_id
                WHERE o.address = ? AND o.channel = ? AND o.alert_id IS NOT NULL
                  AND ((o.bundle_id IS NULL AND o.sent_at IS NOT NULL) OR b.sent_at IS NOT NULL)
                GROUP BY o.alert_id""")) {
            st.setString(1, phone);
            st.setString(2, channel);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    private void advance(Duration d, String phone) throws InterruptedException {
        clock.advance(d);
        sweep.runOnce();
        dispatcher.drain();
        settle(phone);
    }

    @Test
    void twoHundredAlertsOnOneServiceBecomeAHandfulOfPages() throws Exception {
        String u = user("Storm Responder");
        String p = phone();
        contact(u, "SMS", p);
        contact(u, "VOICE", p);
        String serviceId = admin().body(Map.of("name", "payments-api-" + System.nanoTime() % 100000,
                        "escalationPolicyId", policy("PT1H", 0, u)))
                .post("/api/v1/services").then().statusCode(201).extract().path("id");
        String serviceName = admin().get("/api/v1/services/" + serviceId).then().extract().path("name");
        // the storm arrives from several senders at once, each under its integration's ingest rate limit
        List<String> keys = List.of(integration(serviceId, "GENERIC"), integration(serviceId, "GENERIC"));
        ExecutorService senders = Executors.newFixedThreadPool(6);
        List<Future<String>> posted = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String body = "{\"action\":\"trigger\",\"summary\":\"shard " + i + " unavailable\"}";
            String key = keys.get(i % keys.size());
            posted.add(senders.submit(() -> hook(key, body).then().statusCode(202).extract().<String>path("alertId")));
        }
        List<String> alertIds = new ArrayList<>();
        for (Future<String> f : posted) {
            alertIds.add(f.get());
        }
        senders.shutdown();
        settle(p);
        FakeTwilio twilio = KlaxonTestEnvironment.twilio();
        int smsAtOnce = twilio.messagesTo(p).size();
        int callsAtOnce = twilio.callsTo(p).size();
        // (a batch claimed at once may already be a bundle)
        assertTrue(smsAtOnce >= 1 && smsAtOnce <= 3, "at most the bundling threshold at once: " + smsAtOnce);
        assertTrue(callsAtOnce >= 1 && callsAtOnce <= 3, "at most the voice limit at once: " + callsAtOnce);

        // the bundling window closes: what was held goes out bundled
        advance(Duration.ofMinutes(2).plusSeconds(1), p);
        assertTrue(twilio.messagesTo(p).size() <= smsAtOnce + 1, "one bundle: " + twilio.messagesTo(p).size());
        assertTrue(twilio.callsTo(p).size() <= 3, "never more than 3 calls in 15 minutes: " + twilio.callsTo(p).size());
        advance(Duration.ofMinutes(14), p);
        List<FakeTwilio.RecordedRequest> calls = twilio.callsTo(p);
        assertTrue(calls.size() <= 4, "3 calls in the first 15 minutes, then one bundle: " + calls.size());
        List<FakeTwilio.RecordedRequest> sms = twilio.messagesTo(p);
        assertTrue(sms.size() <= 5, "a handful of SMS for 200 alerts: " + sms.size());

        // the biggest bundle says how many alerts on which service, and links to the list
        Matcher m = null;
        int bundled = 0;
        for (FakeTwilio.RecordedRequest r : sms) {
            Matcher x = BUNDLE.matcher(r.param("Body"));
            if (x.find() && Integer.parseInt(x.group(1)) > bundled) {
                m = x;
                bundled = Integer.parseInt(x.group(1));
            }
        }
        assertTrue(m != null && bundled >= 150, "a bundle carries most of the storm: " + sms);
        assertEquals(serviceName, m.group(2));

        // every alert reached the phone exactly once per channel, alone or in a bundle
        Map<String, Integer> bySms = coverage(p, "SMS");
        Map<String, Integer> byCall = coverage(p, "VOICE");
        assertEquals(200, bySms.size());
        assertEquals(200, byCall.size());
        assertTrue(bySms.values().stream().allMatch(n -> n == 1), bySms.toString());
        assertTrue(byCall.values().stream().allMatch(n -> n == 1), byCall.toString());

        // a bundled alert shows the bundle that carried it
        List<Map<String, Object>> seen = alertIds.stream().map(id -> notifications(id))
                .filter(l -> l.stream().anyMatch(n -> "BUNDLED".equals(n.get("status")))).findFirst().orElseThrow();
        assertTrue(seen.stream().anyMatch(n -> "BUNDLED".equals(n.get("status")) && n.get("bundledInto") != null), seen.toString());
        assertTrue(seen.stream().anyMatch(n -> n.get("bundleSize") != null && ((Integer) n.get("bundleSize")) > 1), seen.toString());

        // the bundled call says how many and takes key 4 for all of them
        FakeTwilio.RecordedRequest call = calls.stream().filter(c -> c.param("Url").contains("/twilio/voice/bundle/"))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no bundled call: " + calls));
        String twiml = twilioPost(Pages.voicePath(call), Map.of("CallSid", call.sid(), "AnsweredBy", "human"))
                .then().statusCode(200).body(containsString("alerts on " + serviceName))
                .body(containsString("Press 4 to acknowledge all")).extract().asString();
        twilioPost(Pages.gatherPath(twiml), Map.of("CallSid", call.sid(), "Digits", "4")).then().statusCode(200)
                .body(containsString("Acknowledged "));

        // the SMS bundle's link lists its alerts
        given().get(m.group(3)).then().statusCode(200).body(containsString(bundled + " alerts"))
                .body(containsString("unavailable")).body(containsString("acknowledged"));

        // "aa" acknowledges whatever else was paged to the phone and is still open
        twilioPost("/twilio/sms", Map.of("From", p, "Body", "aa")).then().statusCode(200)
                .body(containsString("Acknowledged "));
        Pages.until("all 200 alerts are acknowledged", () -> admin().queryParam("serviceId", serviceId)
                .queryParam("status", "triggered").get("/api/v1/alerts").then().extract().jsonPath().getList("$").isEmpty());

        int before = twilio.messagesTo(p).size() + twilio.callsTo(p).size();
        advance(Duration.ofHours(1), p);
        assertEquals(before, twilio.messagesTo(p).size() + twilio.callsTo(p).size(), "nothing more for acknowledged alerts");
    }

    @Test
    void replyAaAcknowledgesEveryOpenAlertPagedToThatPhoneAndSaysWhich() throws Exception {
        String u = user("Aa Responder");
        String p = phone();
        contact(u, "SMS", p);
        String key = integration(service(policy("PT1H", 0, u)), "GENERIC");
        String other = user("Bystander");
        String otherPhone = phone();
        contact(other, "SMS", otherPhone);
        String otherAlert = hook(integration(service(policy("PT1H", 0, other)), "GENERIC"),
                "{\"action\":\"trigger\",\"summary\":\"not yours\"}").then().statusCode(202).extract().path("alertId");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(hook(key, "{\"action\":\"trigger\",\"summary\":\"node " + i + " not ready\"}").then().statusCode(202)
                    .extract().path("alertId"));
        }
        settle(p);
        advance(Duration.ofMinutes(2).plusSeconds(1), p);
        Pages.until("every alert reached the phone", () -> {
            try {
                return coverage(p, "SMS").size() == 8;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(KlaxonTestEnvironment.twilio().messagesTo(p).size() <= 5, "some were bundled");
        String reply = twilioPost("/twilio/sms", Map.of("From", p, "Body", "AA")).then().statusCode(200)
                .extract().asString();
        assertTrue(reply.contains("Acknowledged 8 alerts"), reply);
        for (String id : ids) {
            assertEquals("acknowledged", alertStatus(id));
        }
        assertEquals("triggered", alertStatus(otherAlert), "alerts paged to other phones stay open");
        twilioPost("/twilio/sms", Map.of("From", p, "Body", "aa")).then().statusCode(200)
                .body(containsString("already acknowledged"));
    }

    private static String service(String policyId) {
        return dev.klaxon.testing.Api.service(policyId);
    }
}
