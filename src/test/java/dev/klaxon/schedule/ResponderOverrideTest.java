package dev.klaxon.schedule;

import dev.klaxon.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static dev.klaxon.testing.Api.given;
import static org.hamcrest.Matchers.is;

/** "Take this shift" through the API: a RESPONDER may put only themselves on call, and remove only that. */
@QuarkusTest
class ResponderOverrideTest {

    private static String responderToken(String userId) {
        return Api.admin().body(Map.of("name", "resp-" + ThreadLocalRandom.current().nextInt(1_000_000), "role", "RESPONDER",
                "userId", userId)).post("/api/v1/api-tokens").then().statusCode(201).extract().path("token");
    }

    private static String schedule(String userId) {
        return Api.admin().body(Map.of("name", "Take " + ThreadLocalRandom.current().nextInt(1_000_000), "timeZone", "UTC",
                        "layers", List.of(Map.of("rotationStart", "2026-01-05T09:00", "shiftLength", "P1W", "participants", List.of(userId)))))
                .post("/api/v1/schedules").then().statusCode(201).extract().path("id");
    }

    @Test
    void aResponderTakesAShiftForThemselvesButNotForSomeoneElse() {
        String owner = Api.user("Shift Owner");
        String taker = Api.user("Shift Taker");
        String other = Api.user("Someone Else");
        String id = schedule(owner);
        String token = responderToken(taker);
        Map<String, String> mine = Map.of("userId", taker, "start", "2026-02-02T10:00:00Z", "end", "2026-02-02T18:00:00Z");
        String overrideId = given().auth().oauth2(token).contentType(ContentType.JSON).body(mine)
                .post("/api/v1/schedules/" + id + "/overrides").then().statusCode(201).body("userId", is(taker))
                .extract().path("id");
        Api.admin().get("/api/v1/schedules/" + id + "/on-call?at=2026-02-02T12:00:00Z").then().statusCode(200)
                .body("users[0].id", is(taker));

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("userId", other, "start", "2026-02-03T10:00:00Z", "end", "2026-02-03T18:00:00Z"))
                .post("/api/v1/schedules/" + id + "/overrides").then().statusCode(403);

        String othersOverride = Api.admin()
                .body(Map.of("userId", other, "start", "2026-02-04T10:00:00Z", "end", "2026-02-04T18:00:00Z"))
                .post("/api/v1/schedules/" + id + "/overrides").then().statusCode(201).extract().path("id");
        given().auth().oauth2(token).delete("/api/v1/schedules/" + id + "/overrides/" + othersOverride).then().statusCode(403);
        given().auth().oauth2(token).delete("/api/v1/schedules/" + id + "/overrides/" + overrideId).then().statusCode(204);
        Api.admin().get("/api/v1/schedules/" + id + "/on-call?at=2026-02-02T12:00:00Z").then().statusCode(200)
                .body("users[0].id", is(owner));
    }

    @Test
    void aResponderStillCannotChangeTheScheduleItself() {
        String owner = Api.user("Layer Owner");
        String id = schedule(owner);
        given().auth().oauth2(responderToken(owner)).delete("/api/v1/schedules/" + id).then().statusCode(403);
    }
}
