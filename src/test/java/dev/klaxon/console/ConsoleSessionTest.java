package dev.klaxon.console;

import dev.klaxon.platform.Tokens;
import dev.klaxon.testing.Api;
import dev.klaxon.testing.KlaxonTest;
import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;

import static dev.klaxon.testing.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ConsoleSessionTest {

    @Inject
    TestClock clock;

    @Inject
    ConsoleSessionSweep sweep;

    @Test
    void consolePagesSendAnonymousVisitorsToSignIn() {
        given().redirects().follow(false).get("/").then().statusCode(303)
                .header("Location", containsString("/sign-in"));
        given().redirects().follow(false).header("HX-Request", "true").get("/alerts/rows").then().statusCode(401)
                .header("HX-Redirect", "/sign-in");
    }

    @Test
    void signInWithTheBootstrapTokenStartsASessionWithAStrictSecureHttpOnlyCookie() {
        var form = given().redirects().follow(false).get("/sign-in");
        String csrf = form.getCookie(SignInResource.SIGN_IN_COOKIE);
        var r = given().redirects().follow(false).cookie(SignInResource.SIGN_IN_COOKIE, csrf)
                .contentType(ContentType.URLENC).formParams(Map.of("token", KlaxonTest.ADMIN_TOKEN, "csrf", csrf))
                .post("/sign-in");
        assertEquals(303, r.statusCode());
        String setCookie = r.getHeaders().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(ConsoleAuthFilter.COOKIE + "=")).findFirst().orElseThrow();
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertTrue(setCookie.contains("Secure"), "the public URL is https: " + setCookie);
        String session = r.getCookie(ConsoleAuthFilter.COOKIE);
        given().cookie(ConsoleAuthFilter.COOKIE, session).get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Referrer-Policy", "no-referrer").header("Cache-Control", "no-store")
                .body(containsString("Signed in as bootstrap-admin"));
        assertEquals(1, sessionRows(Tokens.sha256Hex(session)), "the row is keyed by the id's hash");
        assertEquals(0, sessionRows(session), "the raw id is stored nowhere");
    }

    @Test
    void aWrongTokenOrAForeignSignInFormIsRefused() {
        var form = given().redirects().follow(false).get("/sign-in");
        String csrf = form.getCookie(SignInResource.SIGN_IN_COOKIE);
        given().redirects().follow(false).cookie(SignInResource.SIGN_IN_COOKIE, csrf).contentType(ContentType.URLENC)
                .formParams(Map.of("token", "klx_wrong", "csrf", csrf)).post("/sign-in")
                .then().statusCode(401).body(containsString("That token is not valid"))
                .header("Set-Cookie", not(containsString(ConsoleAuthFilter.COOKIE + "=kcs_")));
        // a form posted from elsewhere has no matching cookie: login CSRF
        given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParams(Map.of("token", KlaxonTest.ADMIN_TOKEN, "csrf", csrf)).post("/sign-in")
                .then().statusCode(403);
    }

    @Test
    void statefulFormsWithoutTheSessionsCsrfTokenAreRefused() {
        ConsoleClient c = ConsoleClient.signIn(KlaxonTest.ADMIN_TOKEN);
        c.request().contentType(ContentType.URLENC).formParams(Map.of("csrf", "forged")).post("/sign-out")
                .then().statusCode(403);
        c.get("/").then().statusCode(200);
        c.post("/sign-out", Map.of()).then().statusCode(303).header("Location", containsString("/sign-in"));
        c.get("/").then().statusCode(303);
    }

    @Test
    void aSessionEndsAfterItsIdleTime() {
        ConsoleClient c = ConsoleClient.signIn(KlaxonTest.ADMIN_TOKEN);
        clock.advance(Duration.ofHours(11));
        c.get("/").then().statusCode(200);
        clock.advance(Duration.ofHours(11));
        c.get("/").then().statusCode(200); // each use extends it
        clock.advance(Duration.ofHours(12).plusMinutes(1));
        c.get("/").then().statusCode(303).header("Location", containsString("/sign-in"));
    }

    @Test
    void aPersonalTokenSignsItsUserInAndTheUsersCurrentRoleApplies() {
        String userId = Api.user("Console Rita");
        String token = Api.admin().body(Map.of("name", "rita-console", "role", "ADMIN", "userId", userId))
                .post("/api/v1/api-tokens").then().statusCode(201).extract().path("token");
        Api.admin().body(Map.of("role", "RESPONDER")).patch("/api/v1/users/" + userId).then().statusCode(200);
        ConsoleClient c = ConsoleClient.signIn(token);
        c.get("/").then().statusCode(200).body(containsString("Signed in as Console Rita"))
                .body(not(containsString("href=\"/admin\"")));
        c.get("/admin").then().statusCode(403);
    }

    @Test
    void theSweepDeletesEndedSessionsAndKeepsLiveOnes() {
        ConsoleClient idle = ConsoleClient.signIn(KlaxonTest.ADMIN_TOKEN);
        clock.advance(Duration.ofHours(12).plusMinutes(1));
        ConsoleClient live = ConsoleClient.signIn(KlaxonTest.ADMIN_TOKEN);
        assertEquals(1, sessionRows(Tokens.sha256Hex(idle.session())), "an ended session stays until swept");
        assertTrue(sweep.runOnce() >= 1);
        assertEquals(0, sessionRows(Tokens.sha256Hex(idle.session())), "idle past klaxon.console.session-idle");
        assertEquals(1, sessionRows(Tokens.sha256Hex(live.session())));
        live.get("/").then().statusCode(200);
    }

    @Test
    void withoutAnIdentityProviderThereIsNoOidcSignIn() {
        given().get("/sign-in").then().statusCode(200).body(not(containsString("Sign in with")))
                .body(not(containsString("/sign-in/oidc")));
        given().redirects().follow(false).get("/sign-in/oidc").then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/sign-in"));
    }

    private static int sessionRows(String idHash) {
        try (var conn = KlaxonTestEnvironment.connect();
             var st = conn.prepareStatement("SELECT count(*) FROM console_session WHERE id_hash = ?")) {
            st.setString(1, idHash);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void signInPageNeedsNoSession() {
        given().get("/sign-in").then().statusCode(200).body(containsString("API token"));
        assertFalse(ConsoleAuthFilter.isConsole("/sign-in"));
    }
}
