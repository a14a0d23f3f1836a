package dev.klaxon.notify;

import dev.klaxon.engine.EscalationSweep;
import dev.klaxon.engine.ProviderOutageAlarm;
import dev.klaxon.testing.Eventually;
import dev.klaxon.testing.FakeHttpServer;
import dev.klaxon.testing.FakeTwilio;
import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.Pages;
import dev.klaxon.testing.TestClock;
import dev.klaxon.testing.Timeline;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.rule;
import static dev.klaxon.testing.Api.timeline;
import static dev.klaxon.testing.Api.user;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13: a provider outage never loses a page. Twilio (the real SDK against the fake) fails with 5xx and then
 * with timeouts; pages wait, are retried and go out once it is back — each exactly once; a step nobody can be
 * reached in is handed on early; a refusal of one address fails over at once; the outage is itself an alert.
 * The test clock drives every wait: breakers, backoff and escalation all run on it.
 */
@QuarkusTest
class ProviderOutageTest {

    @Inject
    TestClock clock;

    @Inject
    Dispatcher dispatcher;

    @Inject
    EscalationSweep sweep;

    @Inject
    Breakers breakers;

    @Inject
    ProviderOutageAlarm alarm;

    private final FakeTwilio twilio = KlaxonTestEnvironment.twilio();

    @BeforeEach
    void healthyProviders() {
        twilio.useClock(clock);
        twilio.outage(FakeTwilio.Outage.NONE);
        breakers.resetAll();
    }

    @AfterEach
    void providersBack() {
        twilio.outage(FakeTwilio.Outage.NONE);
        breakers.resetAll();
    }

    /** Lets in-flight provider calls finish, moves the clock, and runs what the clock made due. */
    private void later(Duration d) throws InterruptedException {
        idle();
        clock.advance(d);
        dispatcher.reconcileExpiredLeases();
        sweep.runOnce();
        dispatcher.drain();
        idle();
    }

    private void idle() throws InterruptedException {
        Eventually.until(() -> dispatcher.inFlight() == 0, "no provider call in flight");
        dispatcher.drain();
        Eventually.until(() -> dispatcher.inFlight() == 0, "no provider call in flight");
    }

    /** A policy: each step pages its users, waiting {@code delays[i]} before the next. */
    private static String policy(List<List<String>> steps, String... delays) {
        List<Map<String, Object>> s = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            s.add(Map.of("delay", delays[i], "targets", steps.get(i).stream().map(u -> Map.of("type", "USER", "id", u)).toList()));
        }
        return admin().body(Map.of("name", "outage-" + ThreadLocalRandom.current().nextInt(1_000_000), "repeat", 0, "steps", s))
                .post("/api/v1/escalation-policies").then().statusCode(201).extract().path("id");
    }

    private static String service(String name, String policyId) {
        return admin().body(Map.of("name", name, "escalationPolicyId", policyId))
                .post("/api/v1/services").then().statusCode(201).extract().path("id");
    }

    private static String trigger(String key, String summary) {
        return hook(key, "{\"action\":\"trigger\",\"summary\":\"" + summary + "\"}").then().statusCode(202)
                .extract().path("alertId");
    }

    private int smsPosts(String phone) {
        return (int) twilio.requests().stream().filter(r -> "POST".equals(r.method())
                && r.path().endsWith("/Messages.json") && phone.equals(r.param("To"))).count();
    }

    private static String metrics() {
        return dev.klaxon.testing.Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void aMinuteOfErrorsThenTimeoutsDuringStepTwoOfFiftyAlertsLosesNoPageAndRepeatsNone() throws Exception {
        int n = 50;
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        List<String> alerts = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String a = user("Outage first " + i);
            String b = user("Outage second " + i);
            first.add(phone());
            second.add(phone());
            contact(a, "SMS", first.get(i));
            contact(b, "SMS", second.get(i));
            keys.add(integration(service("outage-" + i + "-" + ThreadLocalRandom.current().nextInt(1_000_000),
                    policy(List.of(List.of(a), List.of(b)), "PT1M", "PT30M")), "GENERIC"));
        }
        for (int i = 0; i < n; i++) {
            alerts.add(trigger(keys.get(i), "outage alert " + i));
        }
        first.forEach(p -> Pages.awaitSms(p, 1));

        twilio.outage(FakeTwilio.Outage.ERRORS);
        later(Duration.ofSeconds(61)); // step 2 falls due as Twilio answers 500
        for (int s = 0; s < 6; s++) {
            later(Duration.ofSeconds(5));
        }
        assertEquals(CircuitBreaker.State.OPEN, breakers.channel("SMS").state(), "30 s of errors open the SMS breaker");
        twilio.outage(FakeTwilio.Outage.TIMEOUTS);
        for (int s = 0; s < 6; s++) {
            later(Duration.ofSeconds(5));
        }
        assertEquals(0, second.stream().mapToInt(p -> twilio.messagesTo(p).size()).sum(), "nothing got through the outage");
        assertTrue(Timeline.notifications(alerts.get(0)).stream().noneMatch(r -> "FAILED".equals(r.get("status"))),
                "no page failed for good: " + Timeline.notifications(alerts.get(0)));

        twilio.outage(FakeTwilio.Outage.NONE);
        for (int s = 0; s < 12 && second.stream().anyMatch(p -> twilio.messagesTo(p).isEmpty()); s++) {
            later(Duration.ofSeconds(10));
        }
        later(Duration.ofMinutes(2)); // anything that would go twice has gone by now
        for (int i = 0; i < n; i++) {
            assertEquals(1, twilio.messagesTo(first.get(i)).size(), "step 1 of alert " + i);
            assertEquals(1, twilio.messagesTo(second.get(i)).size(), "step 2 of alert " + i + ": " + timeline(alerts.get(i)));
        }
        assertTrue(timeline(alerts.get(n - 1)).stream().anyMatch(m -> m.contains("held")), timeline(alerts.get(n - 1)).toString());
        assertTrue(metrics().contains("klaxon_pages_sent_total{channel=\"SMS\",outcome=\"circuit-open\"}"));
    }

    @Test
    void aStepNobodyCanBeReachedInIsHandedToTheNextStepEarlyAndKeepsBeingRetried() throws Exception {
        String a = user("Early first");
        String b = user("Early second");
        String c = user("Early third");
        String pa = phone();
        String pb = phone();
        String topic = "early-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        contact(a, "SMS", pa);
        contact(b, "SMS", pb);
        contact(c, "NTFY", topic);
        String key = integration(service("early-" + ThreadLocalRandom.current().nextInt(1_000_000),
                policy(List.of(List.of(a), List.of(b), List.of(c)), "PT1M", "PT30M", "PT30M")), "GENERIC");
        String alertId = trigger(key, "nobody reachable in step 2");
        Pages.awaitSms(pa, 1);

        twilio.outage(FakeTwilio.Outage.ERRORS);
        later(Duration.ofSeconds(61)); // step 2: its SMS fails and is retried
        for (int s = 0; s < 10 && KlaxonTestEnvironment.ntfy().messages(topic).isEmpty(); s++) {
            later(Duration.ofSeconds(10));
        }
        KlaxonTestEnvironment.ntfy().awaitMessages(topic, 1);
        Timeline.await(alertId, "escalated", "Nobody in step 2 can be reached", "SMS to " + pb, "keep being retried");
        Map<String, Object> held = Timeline.notifications(alertId).stream()
                .filter(r -> pb.equals(r.get("address"))).findFirst().orElseThrow();
        assertEquals("PENDING", held.get("status"), "step 2's page is still being retried");

        twilio.outage(FakeTwilio.Outage.NONE);
        later(Duration.ofMinutes(1));
        later(Duration.ofMinutes(1));
        assertEquals(1, twilio.messagesTo(pb).size(), "step 2's page went out once the provider was back");
        assertEquals(1, twilio.messagesTo(pa).size());
        assertEquals(1, KlaxonTestEnvironment.ntfy().messages(topic).size());
    }

    @Test
    void aNumberTheProviderRefusesFailsOverAtOnceWhileOthersGoOut() throws Exception {
        String refusedUser = user("Refused number");
        String refused = phone();
        String refusedMail = "refused." + ThreadLocalRandom.current().nextInt(1_000_000) + "@example.com";
        rule(refusedUser, contact(refusedUser, "SMS", refused), "PT0S", null);
        rule(refusedUser, contact(refusedUser, "EMAIL", refusedMail), "PT10M", null);
        twilio.refuseFor(refused);
        String fine = user("Fine number");
        String finePhone = phone();
        contact(fine, "SMS", finePhone);
        try (FakeHttpServer receiver = FakeHttpServer.start("gone", r -> new FakeHttpServer.Reply(404, null, null))) {
            String hooked = user("Webhook gone");
            String hookedPhone = phone();
            rule(hooked, contact(hooked, "WEBHOOK", receiver.url() + "/gone"), "PT0S", null);
            rule(hooked, contact(hooked, "SMS", hookedPhone), "PT10M", null);
            String key = integration(service("refusal-" + ThreadLocalRandom.current().nextInt(1_000_000),
                    policy(List.of(List.of(refusedUser, fine, hooked)), "PT30M")), "GENERIC");
            String alertId = trigger(key, "one number refused");

            Pages.awaitSms(finePhone, 1);
            Pages.awaitSms(hookedPhone, 1); // the receiver's 404 handed over to the SMS at once
            // a slow SMTP answer on loaded CI cores is an ordinary send failure whose retry waits on the test clock:
            // let settled sends be retried by moving the clock a little, never past the 10-minute rules
            for (int i = 0; i < 3 && !emailTo(refusedMail); i++) {
                dev.klaxon.testing.Settled.await();
                if (!emailTo(refusedMail)) {
                    later(Duration.ofSeconds(10));
                }
            }
            Eventually.until(() -> emailTo(refusedMail), "the refused number's email went out at once");
            later(Duration.ofMinutes(5));
            assertEquals(1, smsPosts(refused), "a refused number is not tried again");
            assertEquals(1, receiver.requests().size(), "a receiver's 404 is not retried");
            assertEquals("FAILED", Timeline.notifications(alertId).stream().filter(r -> refused.equals(r.get("address")))
                    .findFirst().orElseThrow().get("status"));
            assertTrue(timeline(alertId).stream().anyMatch(m -> m.contains("failed for good")), timeline(alertId).toString());
            String m = metrics();
            assertTrue(m.contains("klaxon_pages_sent_total{channel=\"WEBHOOK\",outcome=\"refused\"}"), m);
            assertEquals(1, twilio.messagesTo(finePhone).size());
        }
    }

    @Test
    void aProviderOutageOpensAnAlertOnKlaxonItselfThatPagesThroughWhatWorksAndResolvesWhenItIsBack() throws Exception {
        String operator = user("Klaxon operator");
        String operatorPhone = phone();
        String topic = "klaxon-ops-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        rule(operator, contact(operator, "SMS", operatorPhone), "PT0S", null);
        rule(operator, contact(operator, "NTFY", topic), "PT5M", null);
        String itself = service(KlaxonTestEnvironment.OUTAGE_SERVICE, policy(List.of(List.of(operator)), "PT30M"));
        try {
            twilio.outage(FakeTwilio.Outage.ERRORS);
            List<String> phones = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String u = user("Outage victim " + i);
                String p = phone();
                contact(u, "SMS", p);
                phones.add(p);
                trigger(integration(service("victim-" + i + "-" + ThreadLocalRandom.current().nextInt(1_000_000),
                        policy(List.of(List.of(u)), "PT30M")), "GENERIC"), "victim " + i);
            }
            Eventually.until(() -> breakers.channel("SMS").state() == CircuitBreaker.State.OPEN, "the SMS breaker opens");
            assertTrue(alarm.runOnce().containsKey("SMS"));
            assertEquals(0, openOutageAlerts(itself).size(), "not an alert before it has lasted 2 minutes");

            for (int s = 0; s < 5; s++) {
                later(Duration.ofSeconds(30));
            }
            alarm.runOnce();
            List<Map<String, Object>> open = openOutageAlerts(itself);
            assertEquals(1, open.size(), open.toString());
            String outageAlert = (String) open.get(0).get("id");
            KlaxonTestEnvironment.ntfy().awaitMessages(topic, 1); // SMS is held: its page handed over to ntfy
            Eventually.until(() -> metrics().contains("klaxon_breaker_state{channel=\"SMS\"} 2.0")
                    || metrics().contains("klaxon_breaker_state{channel=\"SMS\"} 1.0"), "the SMS breaker's state is published");
            Eventually.until(() -> !metrics().contains("klaxon_pages_waiting_on_provider{channel=\"SMS\"} 0.0"),
                    "pages waiting on SMS are counted");

            twilio.outage(FakeTwilio.Outage.NONE);
            later(Duration.ofSeconds(31)); // the breaker's trial call goes through
            Eventually.until(() -> breakers.channel("SMS").state() == CircuitBreaker.State.CLOSED, "the SMS breaker closes");
            alarm.runOnce();
            Eventually.until(() -> "resolved".equals(admin().get("/api/v1/alerts/" + outageAlert).then().extract().path("status")),
                    "the outage alert resolves");
            later(Duration.ofMinutes(1));
            for (String p : phones) {
                assertEquals(1, twilio.messagesTo(p).size(), "every page held by the outage went out once");
            }
            assertEquals(1, KlaxonTestEnvironment.ntfy().messages(topic).size());
        } finally {
            // other tests open breakers too: they must not page this service
            admin().body(Map.of("name", "retired-" + ThreadLocalRandom.current().nextInt(1_000_000)))
                    .patch("/api/v1/services/" + itself).then().statusCode(200);
        }
    }

    private static List<Map<String, Object>> openOutageAlerts(String serviceId) {
        List<Map<String, Object>> all = admin().queryParam("serviceId", serviceId).get("/api/v1/alerts").then()
                .statusCode(200).extract().path("");
        return all.stream().filter(a -> !"resolved".equals(a.get("status")))
                .filter(a -> ProviderOutageAlarm.dedupKey("SMS").equals(a.get("dedupKey"))).toList();
    }

    /** Whether the test SMTP server has received a message for {@code address}. */
    private static boolean emailTo(String address) {
        return java.util.Arrays.stream(KlaxonTestEnvironment.smtp().getReceivedMessages()).anyMatch(m -> {
            try {
                return java.util.Arrays.stream(m.getAllRecipients()).anyMatch(x -> x.toString().equals(address));
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        });
    }
}
