package dev.klaxon.directory;

import dev.klaxon.testing.FakeTwilio;
import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.Pages;
import dev.klaxon.testing.Settled;
import dev.klaxon.testing.TestClock;
import dev.klaxon.testing.Timeline;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static dev.klaxon.testing.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class PhoneConfirmationTest {

    private static final Pattern CODE = Pattern.compile("Klaxon code (\\d{6})");

    @Inject
    TestClock clock;

    record Responder(String userId, String token) {
        RequestSpecification api() {
            return given().auth().oauth2(token).contentType(ContentType.JSON);
        }
    }

    private static Responder responder(String name) {
        String u = user(name);
        String token = admin().body(Map.of("name", name, "role", "RESPONDER", "userId", u))
                .post("/api/v1/api-tokens").then().statusCode(201).extract().path("token");
        return new Responder(u, token);
    }

    private static String addOwn(Responder r, String type, String address) {
        return r.api().body(Map.of("type", type, "address", address))
                .post("/api/v1/users/" + r.userId() + "/contact-methods").then().statusCode(201)
                .body("confirmed", is(false)).extract().path("id");
    }

    private static String codeSentTo(String phone, int nth) {
        FakeTwilio.RecordedRequest sms = Pages.awaitSms(phone, nth).get(nth - 1);
        Matcher m = CODE.matcher(sms.param("Body"));
        assertTrue(m.find(), sms.param("Body"));
        return m.group(1);
    }

    private static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    @Test
    void aResponderPhoneIsPagedOnlyAfterTheCodeTextedToItIsTypedBack() {
        Responder r = responder("Rita Responder");
        String phone = phone();
        String cm = addOwn(r, "SMS", phone);
        String code = codeSentTo(phone, 1);
        String key = integration(service(policy("PT5M", 0, r.userId())), "GENERIC");

        String first = hook(key, "{\"action\":\"trigger\",\"summary\":\"unconfirmed phone\"}").then().statusCode(202)
                .extract().path("alertId");
        Timeline.await(first, "page-skipped", "no contact method that can be paged");
        assertEquals(1, KlaxonTestEnvironment.twilio().messagesTo(phone).size(), "only the code was texted");

        r.api().body(Map.of("code", wrong(code))).post("/api/v1/users/" + r.userId() + "/contact-methods/" + cm + "/confirm")
                .then().statusCode(400).body("violations[0].field", is("code"))
                .body("violations[0].message", containsString("4 attempt(s) left"));
        r.api().body(Map.of("code", code)).post("/api/v1/users/" + r.userId() + "/contact-methods/" + cm + "/confirm")
                .then().statusCode(200).body("confirmed", is(true));

        hook(key, "{\"action\":\"trigger\",\"summary\":\"confirmed phone\"}").then().statusCode(202);
        assertTrue(Pages.awaitSms(phone, 2).get(1).param("Body").contains("confirmed phone"));
    }

    @Test
    void aVoiceNumberGetsItsCodeBySms() {
        Responder r = responder("Rolf Voice");
        String phone = phone();
        String cm = addOwn(r, "VOICE", phone);
        String code = codeSentTo(phone, 1);
        r.api().body(Map.of("code", code)).post("/api/v1/users/" + r.userId() + "/contact-methods/" + cm + "/confirm")
                .then().statusCode(200).body("confirmed", is(true)).body("type", is("VOICE"));
    }

    @Test
    void codesExpire() {
        Responder r = responder("Ruth Late");
        String phone = phone();
        String cm = addOwn(r, "SMS", phone);
        String code = codeSentTo(phone, 1);
        clock.advance(Duration.ofMinutes(11));
        r.api().body(Map.of("code", code)).post("/api/v1/users/" + r.userId() + "/contact-methods/" + cm + "/confirm")
                .then().statusCode(400).body("violations[0].message", containsString("expired"));
        // a new code works
        r.api().post("/api/v1/users/" + r.userId() + "/contact-methods/" + cm + "/confirmation-code").then().statusCode(202);
        String fresh = codeSentTo(phone, 2);
        r.api().body(Map.of("code", fresh)).post("/api/v1/users/" + r.userId() + "/contact-methods/" + cm + "/confirm")
                .then().statusCode(200).body("confirmed", is(true));
    }

    @Test
    void afterFiveWrongCodesEvenTheRightOneIsRefused() {
        Responder r = responder("Rex Guesser");
        String phone = phone();
        String cm = addOwn(r, "SMS", phone);
        String code = codeSentTo(phone, 1);
        String path = "/api/v1/users/" + r.userId() + "/contact-methods/" + cm + "/confirm";
        for (int i = 0; i < 5; i++) {
            r.api().body(Map.of("code", wrong(code))).post(path).then().statusCode(400);
        }
        r.api().body(Map.of("code", code)).post(path).then().statusCode(400)
                .body("violations[0].message", containsString("too many wrong codes"));
        admin().get("/api/v1/users/" + r.userId() + "/contact-methods").then().body("[0].confirmed", is(false));
        // and asking for codes again and again is throttled
        r.api().post("/api/v1/users/" + r.userId() + "/contact-methods/" + cm + "/confirmation-code").then().statusCode(409);
    }

    @Test
    void theCodeIsStoredOnlyAsAKeyedHash() throws Exception {
        Responder r = responder("Rosa Hash");
        String phone = phone();
        String cm = addOwn(r, "SMS", phone);
        String code = codeSentTo(phone, 1);
        try (Connection c = KlaxonTestEnvironment.connect();
             PreparedStatement st = c.prepareStatement("SELECT code_hash FROM contact_method_confirmation WHERE contact_method_id = ?")) {
            st.setObject(1, UUID.fromString(cm));
            try (ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next());
                String stored = rs.getString(1);
                assertFalse(stored.contains(code));
                assertTrue(stored.matches("[0-9a-f]{64}"), "hex HMAC-SHA256: " + stored);
                // a six-digit code under a plain hash is read back by trying a million codes: the hash must be keyed
                for (String plain : List.of(code, cm + ":" + code, code + cm, cm + code)) {
                    assertNotEquals(sha256(plain), stored, "a plain SHA-256 of " + plain);
                }
            }
        }
        // and the same code for another contact method hashes differently (the method is part of the input)
        String other = addOwn(r, "SMS", phone());
        try (Connection c = KlaxonTestEnvironment.connect();
             PreparedStatement st = c.prepareStatement("SELECT count(DISTINCT code_hash) FROM contact_method_confirmation"
                     + " WHERE contact_method_id IN (?, ?)")) {
            st.setObject(1, UUID.fromString(cm));
            st.setObject(2, UUID.fromString(other));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                assertEquals(2, rs.getInt(1));
            }
        }
    }

    @Test
    void methodsAddedByAnAdminAndResponderPushMethodsNeedNoCode() {
        String u = user("Ada Admin Added");
        String phone = phone();
        admin().body(Map.of("type", "SMS", "address", phone)).post("/api/v1/users/" + u + "/contact-methods")
                .then().statusCode(201).body("confirmed", is(true));
        Responder r = responder("Ron Push");
        r.api().body(Map.of("type", "NTFY", "address", "ron-" + UUID.randomUUID().toString().substring(0, 8)))
                .post("/api/v1/users/" + r.userId() + "/contact-methods").then().statusCode(201).body("confirmed", is(true));
        Settled.await();
        assertEquals(0, KlaxonTestEnvironment.twilio().messagesTo(phone).size(), "no code for an admin's addition");
    }

    @Test
    void anUnconfirmedNumberGetsNoTestMessage() {
        Responder r = responder("Rick Test");
        String phone = phone();
        String cm = addOwn(r, "SMS", phone);
        codeSentTo(phone, 1);
        r.api().post("/api/v1/users/" + r.userId() + "/contact-methods/" + cm + "/test").then().statusCode(409);
        Settled.await();
        assertEquals(1, KlaxonTestEnvironment.twilio().messagesTo(phone).size());
    }

    @Test
    void aResponderCannotConfirmSomeoneElsesNumber() {
        Responder r = responder("Rhea Owner");
        Responder other = responder("Ray Other");
        String phone = phone();
        String cm = addOwn(r, "SMS", phone);
        String code = codeSentTo(phone, 1);
        other.api().body(Map.of("code", code)).post("/api/v1/users/" + r.userId() + "/contact-methods/" + cm + "/confirm")
                .then().statusCode(403);
        // refused without effect: still unconfirmed, and the owner's code still works (no attempt was used up)
        admin().get("/api/v1/users/" + r.userId() + "/contact-methods").then().body("[0].confirmed", is(false));
        r.api().body(Map.of("code", code)).post("/api/v1/users/" + r.userId() + "/contact-methods/" + cm + "/confirm")
                .then().statusCode(200).body("confirmed", is(true));
    }

    private static String sha256(String s) throws java.security.NoSuchAlgorithmException {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
