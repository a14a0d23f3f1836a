-- Who changed what in the configuration (users, schedules, policies, services, tokens…). Never secrets.
CREATE TABLE audit_log (
    id           BIGSERIAL PRIMARY KEY,
    at           TIMESTAMPTZ NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    entity_type  TEXT NOT NULL,
    entity_id    TEXT,
    summary      TEXT
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);
