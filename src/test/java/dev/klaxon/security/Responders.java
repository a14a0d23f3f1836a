package dev.klaxon.security;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.Map;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.user;
import static dev.klaxon.testing.Api.given;

/** A user with the RESPONDER role and a token of their own, as the security tests need them. */
record Responders(String userId, String token) {

    static Responders create(String name) {
        String u = user(name);
        String token = admin().body(Map.of("name", name, "role", "RESPONDER", "userId", u))
                .post("/api/v1/api-tokens").then().statusCode(201).extract().path("token");
        return new Responders(u, token);
    }

    RequestSpecification api() {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }
}
