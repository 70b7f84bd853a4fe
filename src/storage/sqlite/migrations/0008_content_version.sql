-- The content version: one row whose number moves with every committed transaction that changed
-- content (commentaries, topics, authors, pages, the site's settings), and with nothing else.
-- Page caches compare it (sql::PooledStore::content_version()), so subscribes, rate events,
-- sign-ins, audit lines and delivery batches no longer empty them: PRAGMA data_version, which
-- moves on every commit, only tells the watcher when to look at this row.
-- Bumped by the outermost commit of a transaction opened in Mode::content (sqlite/connection.cpp).
-- Mirrored by storage/postgres/migrations/0008_content_version.sql.

CREATE TABLE content_version (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  version  INTEGER NOT NULL
);
INSERT INTO content_version (id, version) VALUES (1, 1);
