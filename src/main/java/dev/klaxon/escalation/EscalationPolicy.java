package dev.klaxon.escalation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Entity
@Table(name = "escalation_policy")
public class EscalationPolicy extends PanacheEntityBase {
    @Id
    public UUID id;
    public String name;
    /** How many more times the policy starts again from step 0 after the last step. */
    public int repeatCount;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Step> steps;
    public Instant createdAt;

    public record Step(String delay, List<Target> targets) {
        public Duration delayDuration() {
            return Duration.parse(delay);
        }
    }

    public record Target(TargetType type, String id) {
    }

    public enum TargetType { USER, SCHEDULE, TEAM }
}
