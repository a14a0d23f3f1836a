package dev.klaxon.schedule;

import java.util.UUID;

/** Fired synchronously before a schedule is deleted; escalation policies that target it refuse with a 409. */
public record ScheduleDeleting(UUID scheduleId, String name) {
}
