// Staff: the people who work in the back office (PRODUCT.md "Who uses it"). A staff user signs
// in with an email and a password; their role decides what they may do (docs/decisions/0004-admin.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/date.hpp"
#include "domain/topic.hpp"

namespace barometer {

// analyst < editor < admin: each role may do everything the one before it may.
enum class Role { analyst, editor, admin };
std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

struct StaffUser {
  Id id = 0;
  std::string email;          // unique, stored lower-cased; the sign-in name
  std::string name;           // shown in the back office and the audit trail
  Role role = Role::analyst;
  bool disabled = false;      // a disabled user cannot sign in and their sessions end
  std::string password_hash;  // libsodium crypto_pwhash_str output (argon2id, parameters inside)
  Instant created_at{};
};

// How far a browser got in signing in: the password alone gives `code` (the account has
// two-factor: the code step is next) or `enrol` (two-factor is required and not set up yet);
// only `signed_in` grants anything (docs/decisions/0015-staff-2fa.md).
enum class SessionStage { signed_in, code, enrol };
std::string_view to_string(SessionStage stage);
std::optional<SessionStage> parse_session_stage(std::string_view text);

// A signed-in browser. The token itself is never stored: only its hash (see services/staff).
struct StaffSession {
  std::string token_hash;     // hex SHA-256 of the cookie token; the key
  Id user_id = 0;
  std::string csrf_token;     // synchronizer token for this session's forms
  Instant created_at{};       // for the absolute expiry
  Instant last_seen_at{};     // for the idle expiry
  SessionStage stage = SessionStage::signed_in;
  std::string client_ip{};    // the address it signed in from (for the Sessions page)
  std::string user_agent{};   // the browser's User-Agent header at sign-in, cut to 512 bytes
};

// A staff user's TOTP two-factor (services/staff/totp.hpp).
struct StaffTwoFactor {
  Id user_id = 0;
  std::string secret;         // base32, as authenticator apps take it
  bool enabled = false;       // false while the enrolment waits for its first code
  std::int64_t last_step = -1;  // the last time step whose code was accepted (replay refused)
  Instant created_at{};
};

// Checks an email address the way sign-up forms do: one '@', a non-empty local part, a domain
// with a dot, no spaces or control characters, at most 254 bytes. Returns the lower-cased form,
// or nullopt when it is not an address.
std::optional<std::string> normalize_email(std::string_view text);

}  // namespace barometer
