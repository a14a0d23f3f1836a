-- issue 13: a provider outage never loses a page.
-- When a page's provider started failing it (a failed attempt, a breaker refusal, an unknown outcome, a refusal
-- for good). The escalation sweep hands a step on early when all its pages have been failing for long enough.
ALTER TABLE outbox ADD COLUMN failing_since TIMESTAMPTZ;
-- A page of a step that was handed on early because nobody could be reached: it keeps being retried after the
-- escalation moved on, until the alert is acknowledged or resolved.
ALTER TABLE outbox ADD COLUMN outlives_step BOOLEAN NOT NULL DEFAULT FALSE;
-- lint: allow lock the column was added just above, so every row is outside this partial index; the build is one
-- scan of outbox under a SHARE lock (seconds on a large outbox). CONCURRENTLY would need a migration of its own run
-- outside Flyway's transactional lock; tracked as a follow-up.
CREATE INDEX outbox_failing_idx ON outbox (failing_since)
    WHERE failing_since IS NOT NULL AND status IN ('PENDING', 'SENDING', 'FAILED') AND NOT outlives_step;

-- Each replica's view of each channel's provider (its circuit breakers live in memory), written every few
-- seconds; the provider-outage alarm reads the fresh rows of all replicas.
CREATE TABLE provider_state (
    replica         TEXT        NOT NULL,
    channel         TEXT        NOT NULL,
    failing_since   TIMESTAMPTZ,
    last_success_at TIMESTAMPTZ,
    reported_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (replica, channel)
);
