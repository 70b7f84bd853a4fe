-- What `barometer import wordpress` brought in, and the old addresses that still answer
-- (docs/decisions/0023-wordpress-import.md). Column for column storage/sqlite/migrations/0012_imports.sql.

CREATE TABLE imported_items (
  source       TEXT COLLATE "C" NOT NULL,
  kind         TEXT COLLATE "C" NOT NULL,
  source_id    TEXT COLLATE "C" NOT NULL,
  target_id    BIGINT NOT NULL,
  lang         TEXT COLLATE "C" NOT NULL,
  imported_at  BIGINT NOT NULL,
  PRIMARY KEY (source, kind, source_id)
);
CREATE INDEX imported_items_target ON imported_items (kind, target_id);

CREATE TABLE legacy_redirects (
  old_path     TEXT COLLATE "C" PRIMARY KEY,
  target       TEXT NOT NULL,
  source       TEXT NOT NULL,
  created_at   BIGINT NOT NULL
);
