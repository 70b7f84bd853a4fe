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
// Thread-safe if the store is. The store and clock must outlive the service.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/clock.hpp"
#include "domain/staff.hpp"
#include "storage/staff_store.hpp"

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
};

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
  StaffSession session;
  StaffUser user;
};

struct Authenticated {
  StaffSession session;
  StaffUser user;
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
  StaffService(StaffStore& store, const Clock& clock, SignInOptions options = {})
      : store_(store), clock_(clock), options_(options) {}

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
  SignInResult sign_in(std::string_view email, std::string_view password, std::string_view client_ip);

  // The session and user behind a cookie token, or not_found (unknown, expired, user disabled).
  // Refreshes the idle clock at most every touch_interval.
  Result<Authenticated> authenticate(std::string_view token);
  Status sign_out(std::string_view token);
  // True when `submitted` is the session's CSRF token (constant-time).
  static bool csrf_matches(const StaffSession& session, std::string_view submitted);

  const SignInOptions& options() const { return options_; }

 private:
  Result<StaffUser> find_by_email(std::string_view email);
  void record_failure(const std::string& account_key, const std::string& ip_key, Instant now);

  StaffStore& store_;
  const Clock& clock_;
  SignInOptions options_;
};

}  // namespace barometer::staff
