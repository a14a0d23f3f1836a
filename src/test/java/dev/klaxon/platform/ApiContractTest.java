package dev.klaxon.platform;

import dev.klaxon.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class ApiContractTest {

    @Test
    void apiNeedsABearerToken() {
        given().get("/api/v1/users").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"));
        given().auth().oauth2("klx_wrong").get("/api/v1/users").then().statusCode(401);
    }

    @Test
    void createdTokensAreShownOnceAndWorkAndResponderCannotAdminister() {
        String user = Api.user("Token Owner");
        var created = admin().body(Map.of("name", "ci", "role", "RESPONDER", "userId", user))
                .post("/api/v1/api-tokens").then().statusCode(201).header("Location", notNullValue())
                .body("token", startsWith("klx_")).extract();
        String token = created.path("token");
        given().auth().oauth2(token).get("/api/v1/users").then().statusCode(200);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "email", "x@example.com")).post("/api/v1/users")
                .then().statusCode(403).contentType("application/problem+json");
        // a responder manages their own contact methods
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("type", "SMS", "address", Api.phone())).post("/api/v1/users/" + user + "/contact-methods")
                .then().statusCode(201);
        admin().get("/api/v1/api-tokens").then().statusCode(200).body(not(containsString(token)));
        admin().delete("/api/v1/api-tokens/" + created.path("id")).then().statusCode(204);
        given().auth().oauth2(token).get("/api/v1/users").then().statusCode(401);
    }

    @Test
    void invalidBodiesAreProblemsWithViolations() {
        admin().body("{\"name\":\"\",\"email\":\"not-an-email\",\"timeZone\":\"Mars/Olympus\",\"role\":\"KING\"}")
                .post("/api/v1/users").then().statusCode(400).contentType("application/problem+json")
                .body("status", is(400)).body("violations.field", hasItem("email"))
                .body("violations.field", hasItem("timeZone")).body("violations.field", hasItem("role"));
        // malformed and wrongly typed on purpose: only the answers are held to the document
        Api.adminInvalid().body("{\"name\": ").post("/api/v1/users").then().statusCode(400)
                .contentType("application/problem+json").body("detail", notNullValue())
                .body(not(containsString("at [Source")));
        Api.adminInvalid().body("{\"name\": [1,2]}").post("/api/v1/users").then().statusCode(400)
                .contentType("application/problem+json");
        admin().body("{\"type\":\"SMS\",\"address\":\"+1 555 0000\"}")
                .post("/api/v1/users/" + Api.user("Phone Typo") + "/contact-methods").then().statusCode(400)
                .body("violations[0].field", is("address"));
    }

    @Test
    void unknownFieldsAreIgnored() {
        admin().body(Map.of("name", "Zed", "email", "zed" + System.nanoTime() + "@example.com", "shoeSize", 44))
                .post("/api/v1/users").then().statusCode(201).body("timeZone", is("UTC"));
    }

    @Test
    void missingThingsAre404Problems() {
        admin().get("/api/v1/alerts/00000000-0000-0000-0000-000000000000").then().statusCode(404)
                .contentType("application/problem+json");
        admin().get("/api/v1/alerts/not-an-id").then().statusCode(404);
        Api.adminInvalid().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void deletingAUserAnEscalationPolicyTargetsIsAConflictNamingIt() {
        String u = Api.user("Targeted");
        String p = Api.policy("PT5M", 0, u);
        admin().delete("/api/v1/users/" + u).then().statusCode(409).body("detail", containsString("policy-"));
        admin().delete("/api/v1/escalation-policies/" + p).then().statusCode(204);
        admin().delete("/api/v1/users/" + u).then().statusCode(204);
    }

    @Test
    void anUnknownIdInABodyIsA400NamingTheFieldEverywhere() {
        String nobody = "00000000-0000-0000-0000-00000000beef";
        // a token for a user that does not exist: invalid input like any other bad reference, not a 404
        admin().body(Map.of("name", "ghost", "role", "RESPONDER", "userId", nobody)).post("/api/v1/api-tokens").then()
                .statusCode(400).contentType("application/problem+json")
                .body("violations.field", is(List.of("userId"))).body("detail", is("userId: no user " + nobody));
        // two bad members: both are named, the unknown one and the malformed one
        Api.adminInvalid().body(Map.of("name", "t", "memberIds", List.of(nobody, "not-an-id"))).post("/api/v1/teams")
                .then().statusCode(400)
                .body("violations.field", is(List.of("memberIds[0]", "memberIds[1]")))
                .body("violations.message", is(List.of("no user " + nobody, "must be an id")));
        admin().body(Map.of("name", "t", "memberIds", List.of(Api.user("Member"), nobody))).post("/api/v1/teams")
                .then().statusCode(400).body("violations.field", is(List.of("memberIds[1]")));
    }

    @Test
    void aHeartbeatIntervalOutOfRangeIsOneMessage() {
        String service = Api.service(Api.policy("PT5M", 0, Api.user("Beat Owner")));
        admin().body(Map.of("type", "HEARTBEAT", "heartbeatInterval", "PT0S"))
                .post("/api/v1/services/" + service + "/integrations").then().statusCode(400)
                .body("violations.field", is(List.of("heartbeatInterval")))
                .body("detail", is("heartbeatInterval: must be between PT1M and PT720H"));
        admin().body(Map.of("type", "HEARTBEAT")).post("/api/v1/services/" + service + "/integrations").then()
                .statusCode(400).body("detail", is("heartbeatInterval: is required for a HEARTBEAT integration"));
    }
}
