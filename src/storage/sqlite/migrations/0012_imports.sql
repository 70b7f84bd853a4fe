-- What `barometer import wordpress` brought in, and the old addresses that still answer
-- (docs/decisions/0023-wordpress-import.md). Mirrored column for column by
-- storage/postgres/migrations/0012_imports.sql.

-- One row per thing of the source that became one of ours: a WordPress post (one language of a
-- commentary or of a page) or a WordPress author. A second run of the same file finds its items
-- here and skips them, so importing twice changes nothing.
CREATE TABLE imported_items (
  source       TEXT NOT NULL,            -- e.g. "wordpress:https://old.example.org"
  kind         TEXT NOT NULL,            -- commentary | page | author
  source_id    TEXT NOT NULL,            -- the source's id (a WordPress post id, an author login)
  target_id    INTEGER NOT NULL,         -- our commentary, page or author id
  lang         TEXT NOT NULL,            -- the language the item filled ("" for an author)
  imported_at  INTEGER NOT NULL,         -- unix seconds
  PRIMARY KEY (source, kind, source_id)
);
CREATE INDEX imported_items_target ON imported_items (kind, target_id);

-- An old address (path, with its query when it had one) and where it answers now: the public
-- site answers 301 to `target` when nothing else answers the path.
CREATE TABLE legacy_redirects (
  old_path     TEXT PRIMARY KEY,
  target       TEXT NOT NULL,            -- a path of this site, e.g. /en/topics/security/minsk/
  source       TEXT NOT NULL,            -- the import that made it
  created_at   INTEGER NOT NULL          -- unix seconds
);
