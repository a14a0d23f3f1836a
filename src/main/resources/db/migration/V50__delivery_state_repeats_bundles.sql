-- Delivery that keeps going and reports back (issue 5). Only new nullable columns and indexes: the previous
-- release keeps working against this schema.

-- a rule may repeat its contact method at an interval until the alert is acknowledged or the step moves on
ALTER TABLE notification_rule ADD COLUMN repeat_seconds BIGINT;

-- which escalation step wrote the row: moving on cancels the previous step's pending pages, and a failed page
-- hands over to the same user's next contact method of the same step
ALTER TABLE outbox ADD COLUMN escalation_round INTEGER;
ALTER TABLE outbox ADD COLUMN escalation_step INTEGER;
-- repeating rules: the interval, and which occurrence this row is (0 = the first page)
ALTER TABLE outbox ADD COLUMN repeat_seconds BIGINT;
ALTER TABLE outbox ADD COLUMN repeat_index INTEGER;
-- start of the current send attempt: reconciliation only matches provider records created after it
ALTER TABLE outbox ADD COLUMN claimed_at TIMESTAMPTZ;
-- when the row passed the rate limits; such rows count against the next ones to the same contact method
ALTER TABLE outbox ADD COLUMN dispatched_at TIMESTAMPTZ;
ALTER TABLE outbox ADD COLUMN delivered_at TIMESTAMPTZ;
-- highest status-callback sequence number applied: older callbacks arriving late are ignored
ALTER TABLE outbox ADD COLUMN provider_seq INTEGER;
-- a failed page hands over to the next contact method once
ALTER TABLE outbox ADD COLUMN handed_over_at TIMESTAMPTZ;
-- bundling: a folded row points at the row that carried it; a bundle row says how many alerts it covers
ALTER TABLE outbox ADD COLUMN bundle_id UUID;
ALTER TABLE outbox ADD COLUMN bundle_size INTEGER;

CREATE INDEX outbox_dispatched_idx ON outbox (contact_method_id, dispatched_at) WHERE dispatched_at IS NOT NULL;
CREATE INDEX outbox_pending_method_idx ON outbox (contact_method_id, not_before) WHERE status = 'PENDING';
CREATE INDEX outbox_bundle_idx ON outbox (bundle_id) WHERE bundle_id IS NOT NULL;
CREATE INDEX outbox_step_idx ON outbox (alert_id, user_id, escalation_round, escalation_step);
