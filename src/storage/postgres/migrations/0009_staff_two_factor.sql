-- Staff two-factor sign-in and session control (docs/decisions/0015-staff-2fa.md).
-- Column for column storage/sqlite/migrations/0009_staff_two_factor.sql.

ALTER TABLE staff_sessions ADD COLUMN stage TEXT NOT NULL DEFAULT 'signed_in'
  CHECK (stage IN ('signed_in', 'code', 'enrol'));
ALTER TABLE staff_sessions ADD COLUMN client_ip TEXT NOT NULL DEFAULT '';
ALTER TABLE staff_sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';

CREATE TABLE staff_two_factor (
  user_id     BIGINT PRIMARY KEY REFERENCES staff_users (id) ON DELETE CASCADE,
  secret      TEXT NOT NULL,
  enabled     INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
  last_step   BIGINT NOT NULL DEFAULT -1,
  created_at  BIGINT NOT NULL
);

CREATE TABLE staff_recovery_codes (
  user_id    BIGINT NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
  code_hash  TEXT COLLATE "C" NOT NULL,
  used_at    BIGINT,
  PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE staff_known_ips (
  user_id        BIGINT NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
  client_ip      TEXT COLLATE "C" NOT NULL,
  first_seen_at  BIGINT NOT NULL,
  PRIMARY KEY (user_id, client_ip)
);

CREATE TABLE staff_policy (
  id                  INTEGER PRIMARY KEY CHECK (id = 1),
  require_two_factor  INTEGER NOT NULL DEFAULT 0 CHECK (require_two_factor IN (0, 1))
);
INSERT INTO staff_policy (id, require_two_factor) VALUES (1, 0);
