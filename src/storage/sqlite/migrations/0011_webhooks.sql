-- Webhooks (issue 16, docs/decisions/0022-webhooks.md). Mirrored column for column by
-- storage/postgres/migrations/0011_webhooks.sql.

-- A receiver an admin registered: its URL, the secret its signatures use, the events it wants.
CREATE TABLE webhooks (
  id          INTEGER PRIMARY KEY,
  url         TEXT NOT NULL,
  secret      TEXT NOT NULL,          -- HMAC-SHA256 key of Barometer-Signature; shown once
  events      TEXT NOT NULL,          -- "commentary.published,week.completed": a comma list
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at  INTEGER NOT NULL,       -- unix seconds
  updated_at  INTEGER NOT NULL
);

-- The delivery ledger, one row per (webhook, event), written in the transaction of the change
-- that caused the event (a publish), so no event is lost and none is sent for a rolled-back one.
-- `sending` rows belong to lease_owner until lease_until (the mail ledger's leases, 0006).
CREATE TABLE webhook_deliveries (
  id               INTEGER PRIMARY KEY,  -- the Barometer-Delivery header: receivers dedupe on it
  webhook_id       INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  event            TEXT NOT NULL,        -- "commentary.published"
  event_id         TEXT NOT NULL,        -- random, shared by every webhook's row of one event
  payload          TEXT NOT NULL,        -- the JSON body, fixed at enqueue
  state            TEXT NOT NULL DEFAULT 'queued'
                   CHECK (state IN ('queued', 'sending', 'delivered', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER,              -- NULL: never again (final)
  lease_owner      TEXT,
  lease_until      INTEGER,
  created_at       INTEGER NOT NULL,
  last_attempt_at  INTEGER,
  delivered_at     INTEGER,
  last_status      INTEGER,              -- the receiver's HTTP status; NULL when none came
  last_response    TEXT,                 -- the start of its response body (at most 1000 bytes)
  last_error       TEXT,                 -- local failure: refused address, timeout, TLS
  UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX webhook_deliveries_lease ON webhook_deliveries (state, lease_until);
CREATE INDEX webhook_deliveries_recent ON webhook_deliveries (webhook_id, id);
