-- The content version (see storage/sqlite/migrations/0008_content_version.sql, column for column).
-- Each transaction that changed content bumps it just before COMMIT and sends the new number as
-- the payload of NOTIFY barometer_content, so every node learns of others' content changes, and
-- ignores the notifications of its own (it knows the numbers it committed).

CREATE TABLE content_version (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  version  BIGINT NOT NULL
);
INSERT INTO content_version (id, version) VALUES (1, 1);
