-- Revisions of commentaries and the audit log of the back office (docs/decisions/0004-admin.md).
-- Mirrored column for column by storage/postgres/migrations/0004_history.sql.

-- Every save of a commentary keeps the whole commentary as it was (JSON, storage/commentary_json.hpp).
CREATE TABLE commentary_revisions (
  id             INTEGER PRIMARY KEY,
  commentary_id  INTEGER NOT NULL REFERENCES commentaries (id) ON DELETE CASCADE,
  saved_at       INTEGER NOT NULL,          -- unix seconds
  staff_user_id  INTEGER REFERENCES staff_users (id) ON DELETE SET NULL,
  summary        TEXT NOT NULL,
  snapshot       TEXT NOT NULL
);
CREATE INDEX commentary_revisions_commentary ON commentary_revisions (commentary_id, saved_at);

-- Who did what, when. user_name is copied at the time, so the line still reads right later.
CREATE TABLE audit_log (
  id             INTEGER PRIMARY KEY,
  at             INTEGER NOT NULL,          -- unix seconds
  staff_user_id  INTEGER REFERENCES staff_users (id) ON DELETE SET NULL,
  user_name      TEXT NOT NULL,
  action         TEXT NOT NULL,
  subject        TEXT NOT NULL,
  detail         TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_user ON audit_log (staff_user_id, at);
