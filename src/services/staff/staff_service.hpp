// StaffService: staff accounts and signing in (docs/decisions/0004-admin.md). One service for
// the CLI (`barometer user ...`) and the back office (/admin/login), so both apply the same rules.
//
// Sessions: a sign-in creates a new random 256-bit token (the cookie value); only its SHA-256 is
// stored, with a CSRF token for the session's forms. A session ends when idle longer than
// idle_timeout, when older than absolute_timeout, on sign-out, when its user is disabled or
// changes password.
// Throttling: failed sign-ins are recorded per account and per client IP in the database (so
// every node sees them); past the limits within the window, sign-in is refused without checking
// the password, with the same generic message.
// Two-factor (docs/decisions/0015-staff-2fa.md): for an account with TOTP, the password alone
// makes a half-signed-in session (stage `code`) that grants nothing; verify_code() turns it into
// a signed-in one under a new token. When the policy requires two-factor of editors and admins,
// one without it gets a session in stage `enrol` instead, which only enrols. The code step is
// throttled with the password step (the same per-account and per-IP counts).
// Thread-safe if the database is. The database and clock must outlive the service.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/clock.hpp"
#include "domain/staff.hpp"
#include "storage/database.hpp"

namespace barometer::staff {

struct SignInOptions {
  // A session unused this long ends. Default 30 minutes.
  std::chrono::seconds idle_timeout = std::chrono::minutes{30};
  // A session ends this long after sign-in whatever its use. Default 12 hours.
  std::chrono::seconds absolute_timeout = std::chrono::hours{12};
  // last_seen is written at most this often per session (each write is a database write).
  // Default 60 s; must be well below idle_timeout.
  std::chrono::seconds touch_interval = std::chrono::seconds{60};
  // Failed sign-ins are counted over this sliding window. Default 15 minutes.
  std::chrono::seconds throttle_window = std::chrono::minutes{15};
  // Failures per account within the window after which sign-in is refused. Default 5.
  int max_failures_per_account = 5;
  // Failures per client IP within the window after which sign-in is refused. Default 20.
  int max_failures_per_ip = 20;
  // A half-signed-in session (password right, code or enrolment to come) ends this long after
  // the password step. Default 10 minutes.
  std::chrono::seconds pending_timeout = std::chrono::minutes{10};
};

inline constexpr std::size_t kRecoveryCodeCount = 10;  // recovery codes made at each enrolment
inline constexpr std::size_t kMaxUserAgentBytes = 512;  // of the User-Agent kept with a session

struct NewStaffUser {
  std::string email;
  std::string name;
  std::string role;      // "analyst" | "editor" | "admin"
  std::string password;
};

// Why a sign-in failed. Shown to people only as one generic message.
enum class SignInFailure { rejected, throttled, unavailable };

struct SignedIn {
  std::string token;     // the cookie value; never stored
  StaffSession session;  // stage signed_in, or code/enrol for a half-signed-in session
  StaffUser user;
};

// Where the request comes from: kept with the session, and the IP is a throttle key.
struct ClientInfo {
  std::string ip;
  std::string user_agent;
};

// A new two-factor secret waiting for its first code (start_enrolment).
struct Enrolment {
  std::string secret;       // base32
  std::string otpauth_uri;  // for the QR code
};

struct Authenticated {
  StaffSession session;
  StaffUser user;
};

// How a change of one's own password ended (StaffService::change_own_password).
enum class PasswordChange {
  changed,
  wrong_password,  // the current password was not right (counted as a failed sign-in)
  throttled,       // too many failures of the account or the address: not even checked
};

// The account `user` describes, checked and with its password hashed (argon2id, slow on purpose:
// call it outside any transaction), not yet stored. invalid naming the field ("email: ...",
// "name: ...", "role: ...", "password: ...").
Result<StaffUser> new_account(const NewStaffUser& user, Instant now);
// Stores an account made by new_account; returns it with its id. conflict ("email: ...") when
// the email already has an account.
Result<StaffUser> add_account(StaffStore& store, StaffUser user);

class StaffService {
 public:
  StaffService(Database& database, const Clock& clock, SignInOptions options = {})
      : db_(database), store_(database.staff()), clock_(clock), options_(options) {}

  // invalid naming the field ("email: ...", "name: ...", "role: ...", "password: ...");
  // conflict when the email is taken.
  Result<StaffUser> add_user(const NewStaffUser& user);
  Result<std::vector<StaffUser>> list_users();
  // not_found (naming the email) for an unknown account.
  Status disable_user(std::string_view email);
  Status set_password(std::string_view email, std::string_view password);

  struct SignInResult {
    std::optional<SignedIn> signed_in;  // set on success
    SignInFailure failure = SignInFailure::rejected;
  };
  // The password step. signed_in->session.stage says what comes next (signed_in: nothing).
  SignInResult sign_in(std::string_view email, std::string_view password, const ClientInfo& client);
  SignInResult sign_in(std::string_view email, std::string_view password, std::string_view client_ip) {
    return sign_in(email, password, ClientInfo{std::string(client_ip), {}});
  }

  // The session and user behind a cookie token, or not_found (unknown, expired, user disabled,
  // half-signed-in). Refreshes the idle clock at most every touch_interval.
  Result<Authenticated> authenticate(std::string_view token);
  // The half-signed-in session (stage code or enrol) behind a token, or not_found.
  Result<Authenticated> pending(std::string_view token);
  Status sign_out(std::string_view token);

  // --- Two-factor (staff_two_factor.cpp).
  // The code step: `code` is the current TOTP code (6 digits) or an unused recovery code. On
  // success the half-signed-in session ends and a signed-in one starts under a new token.
  // Throttled with the password step; a wrong, reused or malformed code is `rejected`.
  SignInResult verify_code(std::string_view pending_token, std::string_view code, const ClientInfo& client);
  // The secret to show on the enrolment page: the one already waiting for its first code, else a
  // new one. conflict when the user already has two-factor on. `issuer` is the site's name.
  Result<Enrolment> start_enrolment(const StaffUser& user, std::string_view issuer);
  // Switches two-factor on when `code` is the waiting secret's current code: the recovery codes
  // (shown once; stored hashed) with the audit line user.2fa_enable, one transaction. invalid
  // ("code: ...") for a wrong code, not_found when no enrolment was started.
  Result<std::vector<std::string>> confirm_enrolment(const StaffUser& user, std::string_view code);
  // The forced enrolment of a half-signed-in session (stage enrol): confirm_enrolment, then the
  // session becomes a signed-in one under a new token. The recovery codes come back in `codes`.
  Result<SignedIn> finish_enrolment(std::string_view pending_token, std::string_view code, const ClientInfo& client,
                                    std::vector<std::string>& codes);
  // Whether the user has two-factor on, and how many recovery codes are left.
  Result<bool> has_two_factor(Id user);
  Result<int> recovery_codes_left(Id user);
  // `barometer user 2fa reset` (lost phone): removes the two-factor and recovery codes of the
  // account, ends its sessions, audit line user.2fa_reset by the system ("command line"), one
  // transaction. not_found (naming the email) for an unknown account.
  Status reset_two_factor(std::string_view email);

  // --- Sessions of the signed-in user (the Sessions page). Each ending is audited.
  Result<std::vector<StaffSession>> sessions_of(Id user);
  // Ends one of `by`'s own sessions (by the hash of its token); not_found when it is not theirs.
  Status end_session(const StaffUser& by, std::string_view token_hash);
  // Ends every session of `by` but `current_token_hash`; returns how many ended.
  Result<int> end_other_sessions(const StaffUser& by, std::string_view current_token_hash);

  // --- One's own password (the Password page).
  // `me` sets a new password. The current one is asked again (a session left open is not enough to
  // take the account over) and a wrong one counts as a failed sign-in, throttled like one, so a
  // stolen session cannot guess at it. One transaction: the new hash, the end of every other
  // session of the account (all but `keep_session`, the hash of the acting session's token), the
  // audit line user.password_change. invalid_field("password") when the new one breaks the
  // password rule, conflict_field("password") when it is the current one.
  Result<PasswordChange> change_own_password(const StaffUser& me, std::string_view current, std::string_view next,
                                             std::string_view keep_session, const ClientInfo& client);

  // True when `submitted` is the session's CSRF token (constant-time).
  static bool csrf_matches(const StaffSession& session, std::string_view submitted);

  const SignInOptions& options() const { return options_; }

 private:
  Result<StaffUser> find_by_email(std::string_view email);
  // The session (signed in, or else half-signed-in) behind a cookie token and its user, or
  // not_found; an expired one, or one whose user is disabled, ends here.
  Result<Authenticated> session_behind(std::string_view token, bool signed_in);
  void record_failure(const std::string& account_key, const std::string& ip_key, Instant now);
  // rejected/throttled/unavailable before any check: the per-account and per-IP counts.
  std::optional<SignInFailure> throttled(const std::string& account_key, const std::string& ip_key, Instant now);
  // A new session of `user` at `stage` under a new token; for signed_in also the housekeeping and
  // the new-IP audit line.
  SignInResult start_session(StaffUser user, SessionStage stage, const ClientInfo& client, Instant now);

  Database& db_;
  StaffStore& store_;
  const Clock& clock_;
  SignInOptions options_;
};

}  // namespace barometer::staff
