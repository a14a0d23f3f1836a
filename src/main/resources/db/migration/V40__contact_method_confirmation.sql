-- A phone number a responder adds to their own account is confirmed with a code sent to it before it is paged.
-- Only an HMAC of the code is kept; the row goes when the method is confirmed or deleted.
CREATE TABLE contact_method_confirmation (
    contact_method_id UUID PRIMARY KEY REFERENCES contact_method (id) ON DELETE CASCADE,
    code_hash         TEXT NOT NULL,
    expires_at        TIMESTAMPTZ NOT NULL,
    attempts          INTEGER NOT NULL DEFAULT 0,
    sent_at           TIMESTAMPTZ NOT NULL
);
