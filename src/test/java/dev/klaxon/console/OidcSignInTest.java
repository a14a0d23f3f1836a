package dev.klaxon.console;

import dev.klaxon.testing.Api;
import dev.klaxon.testing.FakeOidcProvider;
import dev.klaxon.testing.KlaxonTestEnvironment;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Console sign-in through an OpenID Connect provider, end to end: real quarkus-oidc against {@link FakeOidcProvider}
 * on loopback (discovery, JWKS, authorization code with PKCE and nonce, signed ID token), driven over plain HTTP
 * with a cookie jar the way a browser follows the redirects, and once in Chromium.
 */
@QuarkusTest
@TestProfile(OidcProviderResource.Profile.class)
class OidcSignInTest {

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void freshProvider() {
        OidcProviderResource.provider().reset();
    }

    private static FakeOidcProvider idp() {
        return OidcProviderResource.provider();
    }

    record Person(String id, String name, String email) {
    }

    private static Person person(String name, String role) {
        String unique = name + " " + ThreadLocalRandom.current().nextInt(1_000_000);
        String email = unique.toLowerCase().replace(' ', '.') + "@example.com";
        String id = Api.admin().body(Map.of("name", unique, "email", email, "timeZone", "Europe/Berlin", "role", role))
                .post("/api/v1/users").then().statusCode(201).extract().path("id");
        return new Person(id, unique, email);
    }

    @Test
    void theSignInPageOffersTheProvider() throws Exception {
        Browserless b = new Browserless(base);
        HttpResponse<String> page = b.get("/sign-in");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Sign in with " + OidcProviderResource.PROVIDER_NAME), page.body());
        assertTrue(page.body().contains("href=\"/sign-in/oidc\""), page.body());
        assertTrue(page.body().contains("API token"), "token sign-in stays: " + page.body());
    }

    @Test
    void aUserWithAVerifiedEmailSignsInAndLandsOnNow() throws Exception {
        Person rita = person("Oidc Rita", "ADMIN");
        // the provider's address differs in case only: emails compare case-insensitively, as the unique index does
        idp().login(new FakeOidcProvider.Login("sub-rita", rita.email().toUpperCase(), true));
        Browserless b = new Browserless(base);
        HttpResponse<String> end = b.follow("/sign-in/oidc");
        assertEquals(200, end.statusCode(), b.trail() + end.body());
        assertTrue(end.body().contains("http-equiv=\"refresh\" content=\"0; url=/\""), "moves on to Now by itself: " + end.body());
        String setCookie = end.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(ConsoleAuthFilter.COOKIE + "=kcs_")).findFirst().orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Secure"), setCookie);
        assertTrue(b.cookie(ConsoleAuthFilter.COOKIE).isPresent());
        assertTrue(b.cookies().stream().noneMatch(c -> c.startsWith("q_session")),
                "quarkus-oidc's own session cookie is dropped: " + b.cookies());

        HttpResponse<String> now = b.get("/");
        assertEquals(200, now.statusCode());
        assertTrue(now.body().contains("Signed in as " + rita.name()), now.body());
        assertTrue(now.body().contains("href=\"/admin\""), "an ADMIN sees the admin pages");

        List<FakeOidcProvider.Request> auth = idp().requests("/authorize");
        assertEquals(1, auth.size());
        assertEquals("S256", auth.get(0).params().get("code_challenge_method"), "PKCE");
        assertTrue(auth.get(0).params().containsKey("nonce"), "a nonce");
        assertTrue(auth.get(0).params().get("scope").contains("email"), auth.get(0).params().toString());
        assertEquals(base.toString().replaceAll("/$", "") + OidcTenant.PATH, auth.get(0).params().get("redirect_uri"));
        assertEquals(1, idp().requests("/token").size());
    }

    @Test
    void anUnverifiedEmailIsRefusedWithoutASession() throws Exception {
        Person sam = person("Oidc Sam", "ADMIN");
        for (Boolean verified : new Boolean[] {false, null}) {
            idp().login(new FakeOidcProvider.Login("sub-sam", sam.email(), verified));
            Browserless b = new Browserless(base);
            HttpResponse<String> end = b.follow("/sign-in/oidc");
            assertEquals(403, end.statusCode(), b.trail());
            assertTrue(end.body().contains("has not verified your email address"), end.body());
            assertTrue(b.cookie(ConsoleAuthFilter.COOKIE).isEmpty(), "no session cookie: " + b.cookies());
            assertEquals(0, sessionsOf(sam.id()), "no session row");
            assertEquals(303, b.get("/").statusCode(), "still signed out");
        }
    }

    @Test
    void anEmailNoKlaxonUserHasIsRefused() throws Exception {
        idp().login(new FakeOidcProvider.Login("sub-x", "stranger-" + ThreadLocalRandom.current().nextInt(1_000_000)
                + "@example.com", true));
        Browserless b = new Browserless(base);
        HttpResponse<String> end = b.follow("/sign-in/oidc");
        assertEquals(403, end.statusCode(), b.trail());
        assertTrue(end.body().contains("No Klaxon user has the email address stranger-"), end.body());
        assertTrue(b.cookie(ConsoleAuthFilter.COOKIE).isEmpty(), "no session cookie: " + b.cookies());
        assertEquals(303, b.get("/").statusCode());
    }

    @Test
    void aResponderDoesNotSeeTheAdminPages() throws Exception {
        Person pat = person("Oidc Pat", "RESPONDER");
        idp().login(new FakeOidcProvider.Login("sub-pat", pat.email(), true));
        Browserless b = new Browserless(base);
        assertEquals(200, b.follow("/sign-in/oidc").statusCode(), b.trail());
        HttpResponse<String> now = b.get("/");
        assertTrue(now.body().contains("Signed in as " + pat.name()), now.body());
        assertFalse(now.body().contains("href=\"/admin\""), now.body());
        assertEquals(403, b.get("/admin").statusCode());
    }

    @Test
    void signingOutEndsTheSessionAndTheProvidersToo() throws Exception {
        Person olga = person("Oidc Olga", "RESPONDER");
        idp().login(new FakeOidcProvider.Login("sub-olga", olga.email(), true));
        Browserless b = new Browserless(base);
        assertEquals(200, b.follow("/sign-in/oidc").statusCode(), b.trail());
        String now = b.get("/").body();
        Matcher csrf = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(now);
        assertTrue(csrf.find(), now);
        HttpResponse<String> out = b.post("/sign-out", "csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8));
        // a page that moves on to the provider (a redirect after a form post to another site would break the CSP)
        assertEquals(200, out.statusCode(), out.body());
        Matcher refresh = Pattern.compile("http-equiv=\"refresh\" content=\"0; url=([^\"]+)\"").matcher(out.body());
        assertTrue(refresh.find(), out.body());
        String location = refresh.group(1).replace("&amp;", "&");
        assertTrue(location.startsWith(idp().issuer() + "/logout?client_id=" + FakeOidcProvider.CLIENT_ID
                + "&post_logout_redirect_uri=" + URLEncoder.encode(KlaxonTestEnvironment.PUBLIC_URL + "/sign-in", StandardCharsets.UTF_8)), location);
        assertEquals(0, sessionsOf(olga.id()));
        assertEquals(303, b.get("/").statusCode(), "signed out");
    }

    @Test
    void aForgedCallbackCreatesNoSession() throws Exception {
        Person vic = person("Oidc Vic", "ADMIN");
        Person mallory = person("Oidc Mallory", "ADMIN");
        // the victim starts signing in: quarkus-oidc keeps the state (and nonce, PKCE verifier) in its state cookie
        Browserless victim = new Browserless(base);
        HttpResponse<String> toProvider = victim.get("/sign-in/oidc");
        assertEquals(302, toProvider.statusCode());
        assertTrue(toProvider.headers().firstValue("Location").orElseThrow().startsWith(idp().issuer() + "/authorize?"));
        // the attacker gets a real code for their own account and sends the victim's browser to the callback with it
        idp().login(new FakeOidcProvider.Login("sub-mallory", mallory.email(), true));
        Browserless attacker = new Browserless(base);
        String authorize = attacker.get("/sign-in/oidc").headers().firstValue("Location").orElseThrow();
        String callback = attacker.getAbsolute(authorize).headers().firstValue("Location").orElseThrow();
        Map<String, String> params = FakeOidcProviderParams.query(callback);
        String code = params.get("code");
        int tokenCalls = idp().requests("/token").size();

        for (String forged : List.of(
                OidcTenant.PATH + "?code=" + code + "&state=" + params.get("state"),  // the attacker's state, not the victim's
                OidcTenant.PATH + "?code=" + code + "&state=forged")) {
            HttpResponse<String> r = victim.get(forged);
            assertTrue(victim.cookie(ConsoleAuthFilter.COOKIE).isEmpty(), forged + " gave a session: " + r.statusCode() + " " + r.headers().map());
            assertNotEquals(200, r.statusCode(), r.body());
        }
        // and with no state cookie at all
        HttpResponse<String> bare = new Browserless(base).get(OidcTenant.PATH + "?code=" + code + "&state=" + params.get("state"));
        assertNotEquals(200, bare.statusCode(), bare.body());
        assertTrue(bare.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith(ConsoleAuthFilter.COOKIE + "=kcs_")));
        assertEquals(tokenCalls, idp().requests("/token").size(), "the forged code was never redeemed");
        assertEquals(0, sessionsOf(mallory.id()));
        assertEquals(0, sessionsOf(vic.id()));
    }

    @Test
    void apiTokensHooksAndAckPagesNeverMeetTheProvider() throws Exception {
        int authorizations = idp().requests("/authorize").size();
        given().redirects().follow(false).get("/api/v1/users").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"));
        Api.admin().get("/api/v1/users").then().statusCode(200);
        given().redirects().follow(false).get("/ack/not-a-real-token").then().statusCode(org.hamcrest.Matchers.not(302));
        given().redirects().follow(false).contentType("application/json").body("{}").post("/hooks/no-such-key")
                .then().statusCode(org.hamcrest.Matchers.not(302));
        given().redirects().follow(false).get("/").then().statusCode(303).header("Location", containsString("/sign-in"));
        assertEquals(authorizations, idp().requests("/authorize").size());
    }

    @Test
    void inABrowser() {
        assumeTrue(Browser.available(), "chromium and chromedriver are installed by .ci/run");
        Person nora = person("Oidc Nora", "RESPONDER");
        idp().login(new FakeOidcProvider.Login("sub-nora", nora.email(), true));
        try (Browser browser = Browser.start(base.toString())) {
            browser.resize(Browser.Size.PHONE);
            browser.open("/sign-in");
            browser.check("sign-in-oidc");
            browser.find("#sign-in-oidc").click();
            // provider (another site) → callback → Now: the Strict session cookie must arrive on the last step
            new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().equals(base.toString())
                    && d.getPageSource().contains("Signed in as"));
            assertTrue(browser.text().contains("Signed in as " + nora.name()), browser.text());
            browser.check("now-oidc");
            browser.find("header form button[type=submit]").click();
            new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> !idp().requests("/logout").isEmpty());
            browser.open("/");
            assertTrue(browser.driver.getCurrentUrl().endsWith("/sign-in"), browser.driver.getCurrentUrl());
        }
    }

    private static int sessionsOf(String userId) {
        try (var conn = KlaxonTestEnvironment.connect();
             var st = conn.prepareStatement("SELECT count(*) FROM console_session WHERE user_id = ?::uuid")) {
            st.setString(1, userId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Query parameters of a URL. */
    static final class FakeOidcProviderParams {
        static Map<String, String> query(String url) {
            Map<String, String> out = new java.util.LinkedHashMap<>();
            String q = URI.create(url).getRawQuery();
            for (String pair : q == null ? new String[0] : q.split("&")) {
                int eq = pair.indexOf('=');
                out.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return out;
        }
    }

    /**
     * A browser without the rendering: a cookie jar per host (Secure cookies are sent over http://localhost, as
     * browsers treat localhost) and redirects followed one hop at a time, across Klaxon and the provider.
     */
    static final class Browserless {
        private final String base;
        private final Map<String, Map<String, String>> jar = new java.util.HashMap<>();
        private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
        private final List<String> trail = new ArrayList<>();

        Browserless(URL base) {
            this.base = base.toString().replaceAll("/$", "");
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return getAbsolute(base + path);
        }

        HttpResponse<String> getAbsolute(String url) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create(url)).GET(), "GET " + url);
        }

        HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)), "POST " + path);
        }

        private HttpResponse<String> send(HttpRequest.Builder request, String what) throws IOException, InterruptedException {
            HttpRequest built = request.timeout(Duration.ofSeconds(20)).build();
            Map<String, String> mine = jar.computeIfAbsent(built.uri().getAuthority(), h -> new java.util.LinkedHashMap<>());
            if (!mine.isEmpty()) {
                StringBuilder header = new StringBuilder();
                mine.forEach((k, v) -> header.append(header.length() == 0 ? "" : "; ").append(k).append('=').append(v));
                built = HttpRequest.newBuilder(built, (k, v) -> true).header("Cookie", header.toString()).build();
            }
            trail.add(what);
            HttpResponse<String> r = http.send(built, HttpResponse.BodyHandlers.ofString());
            for (String set : r.headers().allValues("Set-Cookie")) {
                String pair = set.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq).strip();
                String value = pair.substring(eq + 1).strip();
                boolean gone = value.isEmpty() || set.matches("(?i).*;\\s*max-age=0\\b.*")
                        || set.matches("(?i).*;\\s*expires=[^;]*19[67]0.*");
                if (gone) {
                    mine.remove(name);
                } else {
                    mine.put(name, value);
                }
            }
            trail.add("  -> " + r.statusCode() + " " + r.headers().firstValue("Location").orElse("") + " " + r.headers().allValues("Set-Cookie"));
            return r;
        }

        /** GETs {@code path} and follows every redirect (at most 10), as a browser would. */
        HttpResponse<String> follow(String path) throws IOException, InterruptedException {
            HttpResponse<String> r = get(path);
            for (int i = 0; i < 10 && r.statusCode() / 100 == 3; i++) {
                r = getAbsolute(r.uri().resolve(r.headers().firstValue("Location").orElseThrow()).toString());
            }
            return r;
        }

        /** Klaxon's cookies (name=value). */
        List<String> cookies() {
            return jar.getOrDefault(URI.create(base).getAuthority(), Map.of()).entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).toList();
        }

        Optional<String> cookie(String name) {
            return Optional.ofNullable(jar.getOrDefault(URI.create(base).getAuthority(), Map.of()).get(name));
        }

        String trail() {
            return String.join("\n", trail) + "\n";
        }
    }
}
