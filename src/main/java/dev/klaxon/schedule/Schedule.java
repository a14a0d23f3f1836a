package dev.klaxon.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
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
    /** How long before a shift starts its user is reminded; null: no reminders. */
    public Long handoffReminderSeconds;
    /** Whether participants hear about coverage gaps ahead of time; null means yes. */
    public Boolean gapAlerts;

    public boolean gapAlertsOn() {
        return gapAlerts == null || gapAlerts;
    }

    /** A layer as the API writes it (and as it is stored): what was posted is what GET returns. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LayerDoc(String name, String rotationStart, String shiftLength, List<String> participants,
                           List<RestrictionDoc> restrictions) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RestrictionDoc(List<String> days, String start, String end) {
    }
}
