package dev.klaxon.directory;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Entity
@Table(name = "team")
public class Team extends PanacheEntityBase {
    @Id
    public UUID id;
    public String name;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> memberIds;
    public Instant createdAt;
}
