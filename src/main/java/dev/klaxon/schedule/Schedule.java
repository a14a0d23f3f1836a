package dev.klaxon.schedule;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A schedule; its layers are one document so that PUT replaces them atomically. */
@Entity
@Table(name = "schedule")
public class Schedule extends PanacheEntityBase {
    @Id
    public UUID id;
    public String name;
    public String timeZone;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<LayerDoc> layers;
    public Instant createdAt;
    public Instant updatedAt;

    /** A layer as the API writes it (and as it is stored). */
    public record LayerDoc(String name, String rotationStart, String shiftLength, List<String> participants,
                           List<RestrictionDoc> restrictions) {
    }

    public record RestrictionDoc(List<String> days, String start, String end) {
    }
}
