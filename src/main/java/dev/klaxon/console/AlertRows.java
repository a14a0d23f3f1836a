package dev.klaxon.console;

import dev.klaxon.alert.Alert;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

/** An alert as one row of a list. */
final class AlertRows {

    private AlertRows() {
    }

    static Views.AlertRow of(Alert a, Map<UUID, String> serviceNames, ZoneId zone, Instant now) {
        return new Views.AlertRow(a.id.toString(), a.number, a.summary, a.severity.json(), a.status.json(),
                serviceNames.getOrDefault(a.serviceId, "?"), TimeText.at(a.createdAt, zone),
                TimeText.relative(a.createdAt, now));
    }
}
