-- Newsletter subscriptions: subscribers, their consent trail, rate-limit events, the site secret
-- that signs newsletter tokens, and the outbox of confirmation mails (storage/newsletter_store.hpp).
-- Independent of the digest tables. Mirrored column for column by
-- storage/postgres/migrations/0005_newsletter.sql.

CREATE TABLE subscribers (
  id               INTEGER PRIMARY KEY,
  email            TEXT NOT NULL UNIQUE,   -- lower-case, domain in A-labels
  lang             TEXT NOT NULL,
  topic_ids        TEXT NOT NULL DEFAULT '',  -- comma-separated topic ids; '' = every topic
  status           TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed', 'bounced')),
  created_at       INTEGER NOT NULL,       -- unix seconds
  confirmed_at     INTEGER,
  unsubscribed_at  INTEGER,
  consent_source   TEXT NOT NULL DEFAULT '',
  ip_hash          TEXT NOT NULL DEFAULT '',  -- keyed hash, never the address itself
  bounce_count     INTEGER NOT NULL DEFAULT 0,
  confirm_nonce    TEXT NOT NULL DEFAULT '',  -- '' = no confirmation outstanding
  manage_nonce     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX subscribers_status ON subscribers (status, id);

-- Proof of consent: one row per subscribe / confirm / unsubscribe / preferences change.
CREATE TABLE subscriber_consents (
  id             INTEGER PRIMARY KEY,
  subscriber_id  INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
  at             INTEGER NOT NULL,
  action         TEXT NOT NULL CHECK (action IN ('subscribe', 'confirm', 'unsubscribe', 'preferences')),
  source         TEXT NOT NULL DEFAULT '',
  ip_hash        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX subscriber_consents_subscriber ON subscriber_consents (subscriber_id, id);

-- Counted events for the subscribe and confirmation-mail rate limits, shared by every node.
CREATE TABLE rate_events (
  id         INTEGER PRIMARY KEY,
  rate_key   TEXT NOT NULL,
  at         INTEGER NOT NULL
);
CREATE INDEX rate_events_key ON rate_events (rate_key, at);
CREATE INDEX rate_events_at ON rate_events (at);

-- One row: the random secret that signs newsletter tokens and keys IP hashes.
CREATE TABLE site_secrets (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  secret  TEXT NOT NULL                  -- base64
);

-- Transactional mails (confirmations) waiting to be sent: queued -> sending -> sent | failed.
CREATE TABLE mail_outbox (
  id               INTEGER PRIMARY KEY,
  recipient        TEXT NOT NULL,
  message          TEXT NOT NULL,
  state            TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  created_at       INTEGER NOT NULL,
  next_attempt_at  INTEGER NOT NULL,
  lease_until      INTEGER,
  last_error       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_due ON mail_outbox (state, next_attempt_at);
