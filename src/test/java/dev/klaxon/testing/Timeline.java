package dev.klaxon.testing;

import java.util.List;
import java.util.Map;

import static dev.klaxon.testing.Api.admin;

/** An alert's timeline and notifications as the API shows them. */
public final class Timeline {

    private Timeline() {
    }

    public static List<Map<String, Object>> entries(String alertId) {
        return admin().get("/api/v1/alerts/" + alertId).then().statusCode(200).extract().path("timeline");
    }

    /** Waits for an entry of this kind whose message contains every one of the fragments. */
    public static Map<String, Object> await(String alertId, String kind, String... fragments) {
        List<Map<String, Object>> found = Eventually.await(() -> entries(alertId).stream()
                        .filter(e -> kind.equals(e.get("kind")))
                        .filter(e -> java.util.Arrays.stream(fragments).allMatch(f -> String.valueOf(e.get("message")).contains(f)))
                        .toList(), l -> !l.isEmpty(),
                "a '" + kind + "' timeline entry of alert " + alertId + " containing " + List.of(fragments)
                        + "; timeline: " + entries(alertId));
        return found.get(0);
    }

    public static List<Map<String, Object>> notifications(String alertId) {
        return admin().get("/api/v1/alerts/" + alertId + "/notifications").then().statusCode(200).extract().path("");
    }

    public static Map<String, Object> notification(String alertId, String channel) {
        return notifications(alertId).stream().filter(n -> channel.equals(n.get("channel"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + channel + " notification for alert " + alertId
                        + ": " + notifications(alertId)));
    }

    /** Waits until the alert's page on this channel has the status. */
    public static Map<String, Object> awaitNotification(String alertId, String channel, String status) {
        return Eventually.await(() -> notifications(alertId).stream().filter(n -> channel.equals(n.get("channel"))).findFirst().orElse(null),
                n -> n != null && status.equals(n.get("status")), channel + " notification of alert " + alertId + " " + status);
    }
}
