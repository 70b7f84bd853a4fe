-- Staff two-factor sign-in and session control (docs/decisions/0015-staff-2fa.md).
-- Mirrored column for column by storage/postgres/migrations/0009_staff_two_factor.sql.

-- A session row is either a signed-in session ('signed_in') or a half-signed-in one: the password
-- was right and the code step ('code') or the forced enrolment ('enrol') is still to come. Only
-- 'signed_in' rows authenticate a request. The client's address and User-Agent header are kept
-- for the Sessions page.
ALTER TABLE staff_sessions ADD COLUMN stage TEXT NOT NULL DEFAULT 'signed_in'
  CHECK (stage IN ('signed_in', 'code', 'enrol'));
ALTER TABLE staff_sessions ADD COLUMN client_ip TEXT NOT NULL DEFAULT '';
ALTER TABLE staff_sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';

-- A user's TOTP secret (base32, as authenticator apps take it). enabled = 0 while the enrolment
-- waits for its first code; last_step is the last time step whose code was accepted (replay).
CREATE TABLE staff_two_factor (
  user_id     INTEGER PRIMARY KEY REFERENCES staff_users (id) ON DELETE CASCADE,
  secret      TEXT NOT NULL,
  enabled     INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
  last_step   INTEGER NOT NULL DEFAULT -1,
  created_at  INTEGER NOT NULL
);

-- One-time recovery codes: only the SHA-256 of each (they carry 50 random bits); used once.
CREATE TABLE staff_recovery_codes (
  user_id    INTEGER NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
  code_hash  TEXT NOT NULL,
  used_at    INTEGER,
  PRIMARY KEY (user_id, code_hash)
);

-- The addresses a user has signed in from: a new one writes the audit line session.new_ip.
CREATE TABLE staff_known_ips (
  user_id        INTEGER NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
  client_ip      TEXT NOT NULL,
  first_seen_at  INTEGER NOT NULL,
  PRIMARY KEY (user_id, client_ip)
);

-- The back office's sign-in policy, one row: require_two_factor = 1 sends editors and admins
-- without two-factor to the enrolment after their password.
CREATE TABLE staff_policy (
  id                  INTEGER PRIMARY KEY CHECK (id = 1),
  require_two_factor  INTEGER NOT NULL DEFAULT 0 CHECK (require_two_factor IN (0, 1))
);
INSERT INTO staff_policy (id, require_two_factor) VALUES (1, 0);
