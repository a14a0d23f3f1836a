package dev.klaxon.schedule;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;

/**
 * One rotation of a schedule: shift k starts at {@code rotationStart + k × shiftLength} (local time of the
 * schedule's zone) and belongs to {@code participants[k mod n]}. Restrictions, when present, limit the layer to
 * windows of local time. A layer without participants never has anyone on call.
 */
public record Layer(String name, LocalDateTime rotationStart, ShiftLength shiftLength, List<String> participants,
                    List<Restriction> restrictions) {

    public Layer {
        Objects.requireNonNull(rotationStart, "rotationStart");
        Objects.requireNonNull(shiftLength, "shiftLength");
        participants = participants == null ? List.of() : List.copyOf(participants);
        restrictions = restrictions == null ? List.of() : List.copyOf(restrictions);
    }
}
