-- Klaxon schema. Every later migration must stay compatible with the previous release's code:
-- add, never rename or drop in one step.

CREATE TABLE klaxon_secret (
    name        TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

-- directory ---------------------------------------------------------------
CREATE TABLE app_user (
    id          UUID PRIMARY KEY,
    name        TEXT NOT NULL,
    email       TEXT NOT NULL,
    time_zone   TEXT NOT NULL,
    role        TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX app_user_email_uq ON app_user (lower(email));

CREATE TABLE contact_method (
    id          UUID PRIMARY KEY,
    user_id     UUID NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    type        TEXT NOT NULL,
    address     TEXT NOT NULL,
    label       TEXT,
    confirmed   BOOLEAN NOT NULL DEFAULT TRUE,
    disabled    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX contact_method_user_idx ON contact_method (user_id);
CREATE INDEX contact_method_address_idx ON contact_method (address);

CREATE TABLE notification_rule (
    id                UUID PRIMARY KEY,
    user_id           UUID NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    contact_method_id UUID NOT NULL REFERENCES contact_method (id) ON DELETE CASCADE,
    delay_seconds     BIGINT NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX notification_rule_user_idx ON notification_rule (user_id);

CREATE TABLE team (
    id          UUID PRIMARY KEY,
    name        TEXT NOT NULL,
    member_ids  JSONB NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

-- platform: API tokens (only the SHA-256 of the token is stored) -------------
CREATE TABLE api_token (
    id          UUID PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    user_id     UUID REFERENCES app_user (id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ
);

-- schedule ------------------------------------------------------------------
CREATE TABLE schedule (
    id          UUID PRIMARY KEY,
    name        TEXT NOT NULL,
    time_zone   TEXT NOT NULL,
    layers      JSONB NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE schedule_override (
    id          UUID PRIMARY KEY,
    schedule_id UUID NOT NULL REFERENCES schedule (id) ON DELETE CASCADE,
    user_id     UUID NOT NULL REFERENCES app_user (id),
    start_at    TIMESTAMPTZ NOT NULL,
    end_at      TIMESTAMPTZ NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX schedule_override_schedule_idx ON schedule_override (schedule_id, end_at);

-- escalation ----------------------------------------------------------------
CREATE TABLE escalation_policy (
    id          UUID PRIMARY KEY,
    name        TEXT NOT NULL,
    repeat_count INTEGER NOT NULL DEFAULT 0,
    steps       JSONB NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

-- service -------------------------------------------------------------------
CREATE TABLE service (
    id                   UUID PRIMARY KEY,
    name                 TEXT NOT NULL,
    escalation_policy_id UUID NOT NULL REFERENCES escalation_policy (id),
    ack_timeout_seconds  BIGINT,
    auto_resolve_seconds BIGINT,
    created_at           TIMESTAMPTZ NOT NULL
);

CREATE TABLE integration (
    id                 UUID PRIMARY KEY,
    service_id         UUID NOT NULL REFERENCES service (id) ON DELETE CASCADE,
    type               TEXT NOT NULL,
    name               TEXT NOT NULL,
    integration_key    TEXT NOT NULL UNIQUE,
    heartbeat_seconds  BIGINT,
    created_at         TIMESTAMPTZ NOT NULL
);

-- alert ---------------------------------------------------------------------
CREATE SEQUENCE alert_number_seq;

CREATE TABLE alert (
    id                   UUID PRIMARY KEY,
    number               BIGINT NOT NULL UNIQUE DEFAULT nextval('alert_number_seq'),
    service_id           UUID NOT NULL REFERENCES service (id) ON DELETE CASCADE,
    status               TEXT NOT NULL,
    summary              TEXT NOT NULL,
    severity             TEXT NOT NULL,
    source               TEXT,
    dedup_key            TEXT NOT NULL,
    details              JSONB,
    links                JSONB,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    last_triggered_at    TIMESTAMPTZ NOT NULL,
    acknowledged_at      TIMESTAMPTZ,
    acknowledged_by      TEXT,
    resolved_at          TIMESTAMPTZ,
    escalation_round     INTEGER NOT NULL DEFAULT 0,
    escalation_step      INTEGER NOT NULL DEFAULT 0,
    next_escalation_at   TIMESTAMPTZ
);
-- One open alert per (service, dedup key): concurrent triggers cannot create two.
CREATE UNIQUE INDEX alert_open_dedup_uq ON alert (service_id, dedup_key) WHERE status <> 'RESOLVED';
CREATE INDEX alert_due_escalation_idx ON alert (next_escalation_at) WHERE status = 'TRIGGERED';
CREATE INDEX alert_service_created_idx ON alert (service_id, created_at);
CREATE INDEX alert_status_idx ON alert (status, created_at);

CREATE TABLE alert_log (
    id          BIGSERIAL PRIMARY KEY,
    alert_id    UUID NOT NULL REFERENCES alert (id) ON DELETE CASCADE,
    at          TIMESTAMPTZ NOT NULL,
    kind        TEXT NOT NULL,
    actor       TEXT,
    message     TEXT NOT NULL
);
CREATE INDEX alert_log_alert_idx ON alert_log (alert_id, id);

-- notify: the outbox of outgoing pages ----------------------------------------
CREATE TABLE outbox (
    id                 UUID PRIMARY KEY,
    page_key           TEXT NOT NULL UNIQUE,
    alert_id           UUID REFERENCES alert (id) ON DELETE CASCADE,
    user_id            UUID,
    contact_method_id  UUID,
    channel            TEXT NOT NULL,
    address            TEXT NOT NULL,
    subject            TEXT,
    body               TEXT NOT NULL,
    action_url         TEXT,
    status             TEXT NOT NULL,
    not_before         TIMESTAMPTZ NOT NULL,
    lease_until        TIMESTAMPTZ,
    attempts           INTEGER NOT NULL DEFAULT 0,
    provider_id        TEXT,
    provider_status    TEXT,
    error              TEXT,
    created_at         TIMESTAMPTZ NOT NULL,
    sent_at            TIMESTAMPTZ,
    updated_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX outbox_due_idx ON outbox (not_before) WHERE status = 'PENDING';
CREATE INDEX outbox_lease_idx ON outbox (lease_until) WHERE status = 'SENDING';
CREATE INDEX outbox_alert_idx ON outbox (alert_id);
CREATE INDEX outbox_address_idx ON outbox (address, created_at);
CREATE INDEX outbox_provider_idx ON outbox (provider_id);
