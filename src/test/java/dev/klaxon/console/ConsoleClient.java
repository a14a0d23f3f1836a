package dev.klaxon.console;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.klaxon.testing.Api.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A console session driven over plain HTTP, the way a browser's form posts would: cookie plus CSRF field. */
record ConsoleClient(String session, String csrf) {

    private static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern META_CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");

    static ConsoleClient signIn(String token) {
        Response form = given().redirects().follow(false).get("/sign-in");
        assertEquals(200, form.statusCode());
        String signInCsrf = form.getCookie(SignInResource.SIGN_IN_COOKIE);
        Matcher m = HIDDEN_CSRF.matcher(form.asString());
        assertTrue(m.find(), "the sign-in form carries a CSRF field");
        assertEquals(signInCsrf, m.group(1));
        Response r = given().redirects().follow(false).cookie(SignInResource.SIGN_IN_COOKIE, signInCsrf)
                .contentType(ContentType.URLENC).formParams(Map.of("token", token, "csrf", signInCsrf))
                .post("/sign-in");
        assertEquals(303, r.statusCode(), r.asString());
        String session = r.getCookie(ConsoleAuthFilter.COOKIE);
        String page = given().cookie(ConsoleAuthFilter.COOKIE, session).get("/").then().statusCode(200).extract().asString();
        Matcher c = META_CSRF.matcher(page);
        assertTrue(c.find(), "signed-in pages carry the CSRF token");
        return new ConsoleClient(session, c.group(1));
    }

    RequestSpecification request() {
        return given().redirects().follow(false).cookie(ConsoleAuthFilter.COOKIE, session);
    }

    Response get(String path) {
        return request().get(path);
    }

    /** Posts a form with this session's CSRF token. */
    Response post(String path, Map<String, String> form) {
        var all = new java.util.HashMap<>(form);
        all.put("csrf", csrf);
        return request().contentType(ContentType.URLENC).formParams(all).post(path);
    }
}
