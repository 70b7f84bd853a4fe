-- Staff accounts, their sign-in sessions and failed sign-in attempts (docs/decisions/0004-admin.md).
-- Mirrored column for column by storage/postgres/migrations/0003_staff.sql.

CREATE TABLE staff_users (
  id             INTEGER PRIMARY KEY,
  email          TEXT NOT NULL UNIQUE,     -- lower-cased
  name           TEXT NOT NULL,
  role           TEXT NOT NULL CHECK (role IN ('analyst', 'editor', 'admin')),
  disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  password_hash  TEXT NOT NULL,            -- crypto_pwhash_str (argon2id)
  created_at     INTEGER NOT NULL          -- unix seconds
);

-- Only a hash of the session token is kept, so a copy of the database signs nobody in.
CREATE TABLE staff_sessions (
  token_hash    TEXT PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
  csrf_token    TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL
);
CREATE INDEX staff_sessions_user ON staff_sessions (user_id);

-- One row per failed sign-in, per throttle key ("email:..." and "ip:..."), shared by every node.
CREATE TABLE login_failures (
  id            INTEGER PRIMARY KEY,
  throttle_key  TEXT NOT NULL,
  failed_at     INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (throttle_key, failed_at);

-- Who created a commentary: an analyst may edit only their own drafts.
CREATE TABLE commentary_owners (
  commentary_id  INTEGER PRIMARY KEY REFERENCES commentaries (id) ON DELETE CASCADE,
  staff_user_id  INTEGER NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE
);
