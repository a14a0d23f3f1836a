-- Checks of things that expire silently: TLS certificates and domain registrations.
CREATE TABLE expiry_check (
    id               UUID PRIMARY KEY,
    service_id       UUID NOT NULL REFERENCES service (id) ON DELETE CASCADE,
    type             TEXT NOT NULL,
    target           TEXT NOT NULL,
    window_seconds   BIGINT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    -- due time; a replica running the check pushes it ahead by a lease first, so a dead replica's check reruns
    next_check_at    TIMESTAMPTZ NOT NULL,
    last_checked_at  TIMESTAMPTZ,
    last_ok          BOOLEAN,
    last_expires_at  TIMESTAMPTZ,
    last_error       TEXT,
    last_warning     TEXT
);
CREATE INDEX expiry_check_due_idx ON expiry_check (next_check_at);
CREATE INDEX expiry_check_service_idx ON expiry_check (service_id);
