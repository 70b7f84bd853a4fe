// StaffStore: staff accounts, sign-in sessions and failed sign-in records. A separate interface
// from Store (docs/decisions/0004-admin.md): the reading site never needs it, and its writes
// (a session seen, a failed sign-in) are not content, so they must not move
// Store::content_version() more than unavoidable.
//
// Both backends implement it over the same database as their Store (migration 0003_staff), with
// one SQL implementation (storage/sql/staff_sql.hpp): Database::staff().
//
// Contract: thread-safe; expected failures are returned: not_found, conflict (duplicate email),
// invalid (a value the schema refuses), unavailable (database busy or unreachable), io.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"
#include "domain/staff.hpp"

namespace barometer {

class StaffStore {
 public:
  virtual ~StaffStore() = default;

  // --- Users. `email` arguments are compared exactly: pass normalize_email()'s form.
  virtual Result<Id> add_user(const StaffUser& user) = 0;  // conflict on a duplicate email
  virtual Result<StaffUser> get_user(Id id) = 0;
  virtual Result<StaffUser> find_user(std::string_view email) = 0;
  virtual Result<std::vector<StaffUser>> list_users() = 0;  // ordered by email
  // Disabling also ends every session of the user. not_found for an unknown id.
  virtual Status set_disabled(Id id, bool disabled) = 0;
  // Replaces the hash. Sessions stay: the services end them (end_sessions) in the same transaction,
  // all of them or all but the one that made the change. not_found for an unknown id.
  virtual Status set_password_hash(Id id, const std::string& hash) = 0;
  // Changes the user's role; sessions stay (every request re-reads the user, so the new role
  // applies at once). not_found for an unknown id.
  virtual Status set_role(Id id, Role role) = 0;

  // --- Sessions, keyed by the hash of their token.
  virtual Status add_session(const StaffSession& session) = 0;
  virtual Result<StaffSession> find_session(std::string_view token_hash) = 0;
  virtual Status touch_session(std::string_view token_hash, Instant seen) = 0;
  virtual Status delete_session(std::string_view token_hash) = 0;  // ok if already gone
  // Removes sessions last seen before `idle_before` or created before `created_before`.
  virtual Result<int> delete_expired_sessions(Instant idle_before, Instant created_before) = 0;
  // The user's sessions in `stage`, last seen first.
  virtual Result<std::vector<StaffSession>> sessions_of(Id user, SessionStage stage) = 0;
  // Ends every session of the user (of any stage) but the one keyed `except_token_hash` ("" = none);
  // returns how many ended.
  virtual Result<int> end_sessions(Id user, std::string_view except_token_hash) = 0;

  // --- Two-factor (docs/decisions/0015-staff-2fa.md). not_found when the user has none.
  virtual Result<StaffTwoFactor> two_factor(Id user) = 0;
  // Inserts or replaces the user's row (a new enrolment starts over).
  virtual Status put_two_factor(const StaffTwoFactor& two_factor) = 0;
  // Accepts the code of time step `step` once: true (and remembered) only if two-factor is enabled
  // and `step` is later than the last accepted one. Atomic, so two nodes cannot both accept it.
  virtual Result<bool> accept_totp_step(Id user, std::int64_t step) = 0;
  // Removes the user's two-factor and recovery codes (ok if there were none).
  virtual Status delete_two_factor(Id user) = 0;
  // Replaces the user's recovery codes by these hashes (unused).
  virtual Status set_recovery_codes(Id user, const std::vector<std::string>& code_hashes) = 0;
  // Spends an unused recovery code: true when it was one (now used at `at`), false otherwise.
  virtual Result<bool> use_recovery_code(Id user, std::string_view code_hash, Instant at) = 0;
  virtual Result<int> unused_recovery_codes(Id user) = 0;

  // --- Where users sign in from: true when `ip` is new for the user (and now remembered).
  virtual Result<bool> remember_ip(Id user, std::string_view ip, Instant at) = 0;

  // --- The sign-in policy (one row): editors and admins must have two-factor.
  virtual Result<bool> require_two_factor() = 0;
  virtual Status set_require_two_factor(bool required) = 0;

  // --- Failed sign-ins, for throttling. Keys are opaque ("email:x", "ip:1.2.3.4").
  virtual Status record_failure(std::string_view key, Instant at) = 0;
  virtual Result<int> count_failures(std::string_view key, Instant since) = 0;
  virtual Status clear_failures(std::string_view key) = 0;
  // Forgets failures older than `before` (housekeeping).
  virtual Status prune_failures(Instant before) = 0;

  // --- Who created a commentary (for "analysts edit their own drafts").
  // conflict if the commentary already has an owner; conflict (foreign key) if either id is unknown.
  virtual Status set_commentary_owner(Id commentary_id, Id staff_user_id) = 0;
  virtual Result<Id> commentary_owner(Id commentary_id) = 0;  // not_found when nobody recorded
};

}  // namespace barometer
