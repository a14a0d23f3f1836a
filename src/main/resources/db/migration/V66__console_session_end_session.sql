-- Sessions started through the OpenID Connect provider remember where to end the provider's session on sign-out
-- (its end_session_endpoint); null for token sign-ins. Nullable: the previous release inserts rows without it.
ALTER TABLE console_session ADD COLUMN end_session_url text;
