package dev.klaxon.security;

import dev.klaxon.testing.Pages;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A RESPONDER sees other users' names and contact-method types with the addresses masked ({@code +49•••••5678});
 * ADMINs and the user themself see them in full — in contact methods, users, notifications and timelines.
 */
@QuarkusTest
class MaskingTest {

    @Test
    void aResponderSeesOtherUsersAddressesMaskedAndTheirOwnInFull() {
        String owner = user("Private Pia");
        String p = phone();
        String webhook = "https://hooks.example.com/services/T0/secret-path-" + System.nanoTime();
        String topic = "oncall-pia-" + System.nanoTime();
        String pushover = "uQiRzpo4DXghDmr9QzzfQu27cmVRsG";
        contact(owner, "SMS", p);
        contact(owner, "WEBHOOK", webhook);
        contact(owner, "NTFY", topic);
        contact(owner, "PUSHOVER", pushover);
        List<String> secrets = List.of(p, webhook, topic, pushover);
        Responders r = Responders.create("Curious Cora");
        String own = phone();
        r.api().body(Map.of("type", "SMS", "address", own)).post("/api/v1/users/" + r.userId() + "/contact-methods")
                .then().statusCode(201);

        String seen = r.api().get("/api/v1/users/" + owner + "/contact-methods").then().statusCode(200).extract().asString();
        secrets.forEach(s -> assertFalse(seen.contains(s), s + " in " + seen));
        List<String> addresses = r.api().get("/api/v1/users/" + owner + "/contact-methods").then().extract().path("address");
        assertTrue(addresses.contains(p.substring(0, 3) + "•••••" + p.substring(p.length() - 4)), addresses.toString());
        List<String> types = r.api().get("/api/v1/users/" + owner + "/contact-methods").then().extract().path("type");
        assertEquals(List.of("NTFY", "PUSHOVER", "SMS", "WEBHOOK"), types.stream().sorted().toList());
        r.api().get("/api/v1/users/" + r.userId() + "/contact-methods").then().statusCode(200)
                .body("address", org.hamcrest.Matchers.hasItem(own));
        String full = admin().get("/api/v1/users/" + owner + "/contact-methods").then().extract().asString();
        secrets.forEach(s -> assertTrue(full.contains(s), s));

        String users = r.api().get("/api/v1/users").then().statusCode(200).extract().asString();
        String email = admin().get("/api/v1/users/" + owner).then().extract().path("email");
        assertFalse(users.contains(email), "another user's email is masked too");
        assertTrue(users.contains("Private Pia"));
    }

    @Test
    void notificationsAndTimelinesMaskOtherUsersAddressesForAResponder() {
        String owner = user("Paged Pete");
        String p = phone();
        contact(owner, "SMS", p);
        String alertId = hook(integration(service(policy("PT5M", 0, owner)), "GENERIC"),
                "{\"action\":\"trigger\",\"summary\":\"masking\"}").then().statusCode(202).extract().path("alertId");
        Pages.awaitSms(p, 1);
        Responders r = Responders.create("Nosy Ned");

        String pages = r.api().get("/api/v1/alerts/" + alertId + "/notifications").then().statusCode(200).extract().asString();
        assertFalse(pages.contains(p), pages);
        assertTrue(pages.contains("SMS"), pages);
        String alert = r.api().get("/api/v1/alerts/" + alertId).then().statusCode(200).extract().asString();
        assertFalse(alert.contains(p), alert);
        assertTrue(admin().get("/api/v1/alerts/" + alertId + "/notifications").then().extract().asString().contains(p));
    }
}
