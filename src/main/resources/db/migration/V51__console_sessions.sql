-- Web console sign-in sessions. Only the SHA-256 of the session id is stored: a copy of this table signs nobody in.
-- A new table only; the previous release never reads it.
CREATE TABLE console_session (
    id_hash      text PRIMARY KEY,
    user_id      uuid REFERENCES app_user (id) ON DELETE CASCADE,
    role         text        NOT NULL,
    actor        text        NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);
CREATE INDEX console_session_expires_at ON console_session (expires_at);
