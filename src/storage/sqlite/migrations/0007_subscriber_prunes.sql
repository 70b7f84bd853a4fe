-- Anonymous record of unconfirmed subscribers deleted by the prune (NewsletterStore::
-- prune_unconfirmed_subscribers; docs/decisions/0011-pruning-unconfirmed-subscribers.md): when,
-- and how many. No address, no id, no hash: nothing here leads back to a person.
-- Mirrored by storage/postgres/migrations/0007_subscriber_prunes.sql.

CREATE TABLE subscriber_prunes (
  id      INTEGER PRIMARY KEY,
  at      INTEGER NOT NULL,                 -- unix seconds
  pruned  INTEGER NOT NULL CHECK (pruned > 0)
);
CREATE INDEX subscriber_prunes_at ON subscriber_prunes (at);
