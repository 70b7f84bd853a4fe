-- The digest delivery ledger (docs/decisions/0006-delivery.md). Mirrored column for column by
-- storage/postgres/migrations/0006_delivery.sql. subscriber_id refers to subscribers
-- (0005_newsletter) without a foreign key, so the ledger keeps its history if a subscriber row
-- is ever deleted.

CREATE TABLE digests (
  id           INTEGER PRIMARY KEY,
  period       TEXT NOT NULL,            -- "2022-W09"
  lang         TEXT NOT NULL,
  state        TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'ready', 'sending', 'done')),
  token        TEXT NOT NULL,            -- random; part of every Message-ID of the digest
  created_at   INTEGER NOT NULL,         -- unix seconds
  ready_at     INTEGER,
  finished_at  INTEGER,
  UNIQUE (period, lang)
);

-- One row per (digest, subscriber). `sending` rows belong to lease_owner until lease_until.
CREATE TABLE deliveries (
  id               INTEGER PRIMARY KEY,
  digest_id        INTEGER NOT NULL REFERENCES digests (id) ON DELETE CASCADE,
  subscriber_id    INTEGER NOT NULL,
  email            TEXT NOT NULL,        -- snapshot at enqueue time
  message_id       TEXT NOT NULL UNIQUE, -- fixed at enqueue: every (re)send carries it
  state            TEXT NOT NULL DEFAULT 'queued'
                   CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'uncertain')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER,              -- NULL: never again (final)
  lease_owner      TEXT,
  lease_until      INTEGER,
  last_code        INTEGER,
  last_detail      TEXT,
  sent_at          INTEGER,
  UNIQUE (digest_id, subscriber_id)
);
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);
CREATE INDEX deliveries_lease ON deliveries (state, lease_until);
