// StaffService::change_own_password: the Password page's change (ASVS 2.1.5, 2.1.6, 3.7.1).
#include "services/history/audit.hpp"
#include "services/staff/password.hpp"
#include "services/staff/permissions.hpp"
#include "services/staff/staff_service.hpp"

namespace barometer::staff {

Result<PasswordChange> StaffService::change_own_password(const StaffUser& me, std::string_view current,
                                                         std::string_view next, std::string_view keep_session,
                                                         const ClientInfo& client) {
  if (auto allowed = require(me, Permission::view_board, "user.password_change"); !allowed) return allowed.error();
  const Instant now = clock_.now();
  // The same keys as the sign-in's, so failures here and there add up.
  const std::string account = "email:" + me.email, ip = "ip:" + client.ip;
  if (auto refused = throttled(account, ip, now)) {
    if (*refused == SignInFailure::unavailable) return unavailable("the sign-in throttle cannot be read");
    return PasswordChange::throttled;
  }
  // The stored hash, not the one of the session's snapshot: it may have changed since.
  auto stored = store_.get_user(me.id);
  if (!stored) return stored.error();
  if (!verify_password(stored->password_hash, current)) {
    record_failure(account, ip, now);
    return PasswordChange::wrong_password;
  }
  if (next == current) return conflict_field("password", "the new password is the current one");
  // Slow on purpose: before the transaction, so no write lock waits for it.
  auto hash = hash_password(next);
  if (!hash) return hash.error();
  Status done = db_.transact([&](Facets& tx) -> Status {
    if (auto s = tx.staff.set_password_hash(me.id, *hash); !s) return s;
    auto ended = tx.staff.end_sessions(me.id, keep_session);
    if (!ended) return ended.error();
    return history::add_audit(tx.history, history::Actor::staff(me), now, "user.password_change",
                              "user:" + std::to_string(me.id), std::to_string(*ended) + " other sessions ended");
  });
  if (!done) return done.error();
  return PasswordChange::changed;
}

}  // namespace barometer::staff
