-- Alert lifecycle timers and maintenance windows. Only additions: the previous release ignores these columns.

-- When an acknowledgement runs out (the service's ackTimeout, or a snooze) and the alert re-triggers.
ALTER TABLE alert ADD COLUMN ack_expires_at TIMESTAMPTZ;
-- Set while the acknowledgement is a snooze, for the timeline's wording.
ALTER TABLE alert ADD COLUMN snoozed_until TIMESTAMPTZ;
-- Counts restarts of escalation (ack timeout, snooze); part of page keys so a restart pages again.
ALTER TABLE alert ADD COLUMN escalation_cycle INTEGER;
-- Paging waits for a maintenance window to end; the escalation sweep resumes it at next_escalation_at.
ALTER TABLE alert ADD COLUMN paging_deferred_until TIMESTAMPTZ;

CREATE INDEX alert_ack_expiry_idx ON alert (ack_expires_at) WHERE status = 'ACKNOWLEDGED';
CREATE INDEX alert_open_last_trigger_idx ON alert (service_id, last_triggered_at) WHERE status <> 'RESOLVED';

CREATE TABLE maintenance_window (
    id          UUID PRIMARY KEY,
    service_id  UUID NOT NULL REFERENCES service (id) ON DELETE CASCADE,
    start_at    TIMESTAMPTZ NOT NULL,
    end_at      TIMESTAMPTZ NOT NULL,
    reason      TEXT,
    created_by  TEXT,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX maintenance_window_service_idx ON maintenance_window (service_id, end_at);
