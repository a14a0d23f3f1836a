package dev.klaxon.ingest;

import dev.klaxon.alert.AlertEvent;
import dev.klaxon.alert.Severity;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The alert events of a heartbeat integration: missed (no beat for its interval) and beating again. */
public final class HeartbeatEvents {

    private HeartbeatEvents() {
    }

    public static String dedupKey(UUID integrationId) {
        return "heartbeat:" + integrationId;
    }

    /**
     * @param lastBeat null when the heartbeat never beat: then it is measured from its creation, because a job that
     *                 was never wired up is as silent as one that stopped
     */
    public static AlertEvent missed(UUID integrationId, String name, Duration interval, Instant lastBeat, Instant createdAt) {
        String seen = lastBeat == null
                ? "never seen since it was created at " + createdAt.truncatedTo(ChronoUnit.SECONDS)
                : "last seen " + lastBeat.truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("integrationId", integrationId.toString());
        details.put("heartbeatInterval", interval.toString());
        details.put("lastBeatAt", lastBeat == null ? null : lastBeat.toString());
        return new AlertEvent(AlertEvent.Action.TRIGGER, dedupKey(integrationId),
                Json.truncate("heartbeat " + name + " missed, " + seen, Json.MAX_SUMMARY), Severity.CRITICAL,
                "heartbeat", details, List.of(), "No beat for " + interval.toString().substring(2).toLowerCase());
    }

    public static AlertEvent recovered(UUID integrationId, String name, Instant at) {
        return new AlertEvent(AlertEvent.Action.RESOLVE, dedupKey(integrationId), null, Severity.CRITICAL, "heartbeat",
                null, List.of(), "Heartbeat " + name + " beat again at " + at.truncatedTo(ChronoUnit.SECONDS));
    }
}
