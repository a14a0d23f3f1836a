package dev.klaxon.security;

import dev.klaxon.testing.Pages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static dev.klaxon.testing.Api.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ack and bundle pages carry their secret in the URL: no referrer, no cache, no framing, no outside scripts. */
@QuarkusTest
class HtmlHeadersTest {

    static void hardened(String what, Response r) {
        assertTrue(r.contentType().startsWith("text/html"), what + ": " + r.contentType());
        String csp = r.header("Content-Security-Policy");
        assertTrue(csp != null && csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'"), what + ": " + csp);
        assertEquals("no-referrer", r.header("Referrer-Policy"), what);
        assertEquals("no-store", r.header("Cache-Control"), what);
        assertEquals("DENY", r.header("X-Frame-Options"), what);
        assertEquals("nosniff", r.header("X-Content-Type-Options"), what);
    }

    @Test
    void everyHtmlPageCarriesTheSecurityHeaders() {
        String u = user("Html Hal");
        String p = phone();
        contact(u, "SMS", p);
        hook(integration(service(policy("PT5M", 0, u)), "GENERIC"), "{\"action\":\"trigger\",\"summary\":\"headers\"}")
                .then().statusCode(202);
        String token = Pages.ackToken(Pages.awaitSms(p, 1).get(0));

        for (String path : List.of("/ack/" + token, "/ack/not-a-token", "/ack/bundle/not-a-token")) {
            hardened("GET " + path, given().get(path));
        }
        hardened("POST ack", given().formParam("action", "acknowledge").post("/ack/" + token));
        hardened("POST bad action", given().formParam("action", "explode").post("/ack/" + token));
        // the pages' style is a stylesheet of Klaxon's own: the policy allows no inline style
        given().get("/assets/klaxon.css").then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/css"));
    }
}
