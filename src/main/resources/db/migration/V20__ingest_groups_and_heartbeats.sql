-- Ingest (issue 4). Additive only: the previous release ignores these tables.

-- The members of an Alertmanager/Grafana group an open alert last saw (fingerprint → display name), so a
-- delivery can be compared with the previous one: joins and leaves go on the timeline, repeats change nothing.
CREATE TABLE alert_group (
    alert_id    UUID PRIMARY KEY REFERENCES alert (id) ON DELETE CASCADE,
    members     JSONB NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- Heartbeat integrations: when the last beat came, and since when a missed beat has an alert open.
CREATE TABLE heartbeat_state (
    integration_id  UUID PRIMARY KEY REFERENCES integration (id) ON DELETE CASCADE,
    last_beat_at    TIMESTAMPTZ,
    missed_at       TIMESTAMPTZ
);
CREATE INDEX integration_heartbeat_idx ON integration (id) WHERE type = 'HEARTBEAT';
