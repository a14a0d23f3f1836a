-- Issue 11: a duplicate trigger is one UPDATE of its open alert, counted here, instead of a timeline row of its own.
-- The timeline shows one "deduplicated ×N, last at …" line from these columns. Additive and defaulted: the previous
-- release never reads them and keeps writing its own "deduplicated" timeline rows, which stay readable.
ALTER TABLE alert ADD COLUMN duplicate_count integer NOT NULL DEFAULT 0;
ALTER TABLE alert ADD COLUMN last_duplicate_at timestamptz;
