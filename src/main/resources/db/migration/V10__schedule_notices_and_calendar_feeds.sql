-- Schedules: optional handoff reminder and an opt-out of coverage-gap notices (NULL = on). Additive only.
ALTER TABLE schedule ADD COLUMN handoff_reminder_seconds BIGINT;
ALTER TABLE schedule ADD COLUMN gap_alerts BOOLEAN;

-- Coverage gaps already told to a schedule's participants: a gap is announced once, even while it is still
-- ahead and the daily check sees it again, and even when its ends move a little.
CREATE TABLE schedule_gap_notice (
    schedule_id  UUID NOT NULL REFERENCES schedule (id) ON DELETE CASCADE,
    gap_start    TIMESTAMPTZ NOT NULL,
    gap_end      TIMESTAMPTZ NOT NULL,
    notified_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (schedule_id, gap_start)
);
CREATE INDEX schedule_gap_notice_end_idx ON schedule_gap_notice (gap_end);

-- Per-user iCalendar feed behind a secret URL; only the SHA-256 of the secret is stored. One feed per user:
-- creating a new one revokes the old URL.
CREATE TABLE calendar_feed (
    user_id     UUID PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL
);
