#include "services/staff/staff_admin.hpp"

#include <string>
#include <utility>

#include "services/staff/password.hpp"

namespace barometer::staff {

namespace {

std::string subject_of(Id user) { return "user:" + std::to_string(user); }

// The audit detail of a change that ended sessions.
Result<std::string> ended_sessions(const Result<int>& ended) {
  if (!ended) return ended.error();
  return std::to_string(*ended) + " sessions ended";
}

}  // namespace

Result<StaffUser> StaffAdmin::add(const StaffUser& by, const NewStaffUser& in) {
  // Refuse before the (deliberately slow) hash when the role cannot add anyone anyway.
  if (auto allowed = require(by, Permission::manage_staff, "user.create"); !allowed) return allowed.error();
  auto account = new_account(in, clock_.now());
  if (!account) return account.error();
  Status s = changes_.run(by, Permission::manage_staff, "user.create", "user",
                          [&](Facets& tx, std::string& subject) -> Result<std::string> {
                            auto added = add_account(tx.staff, std::move(*account));
                            if (!added) return added.error();
                            *account = std::move(*added);
                            subject = subject_of(account->id);
                            return account->email + " as " + std::string(to_string(account->role));
                          });
  if (!s) return s.error();
  return std::move(*account);
}

Status StaffAdmin::set_role(const StaffUser& by, Id user, Role role) {
  if (user == by.id && role != Role::admin) return invalid_field("role", "an admin cannot demote themself");
  return changes_.run(by, Permission::manage_staff, "user.role", subject_of(user),
                      [&](Facets& tx, std::string&) -> Result<std::string> {
                        auto stored = tx.staff.get_user(user);
                        if (!stored) return stored.error();
                        if (auto s = tx.staff.set_role(user, role); !s) return s.error();
                        return std::string(to_string(stored->role)) + " -> " + std::string(to_string(role));
                      });
}

Status StaffAdmin::set_disabled(const StaffUser& by, Id user, bool disabled) {
  if (user == by.id && disabled) return invalid_field("state", "an admin cannot disable themself");
  return changes_.run(by, Permission::manage_staff, disabled ? "user.disable" : "user.enable", subject_of(user),
                      [&](Facets& tx, std::string&) -> Result<std::string> {
                        if (auto s = tx.staff.set_disabled(user, disabled); !s) return s.error();
                        return std::string();
                      });
}

Status StaffAdmin::set_password(const StaffUser& by, Id user, std::string_view password,
                                std::string_view keep_session) {
  if (auto allowed = require(by, Permission::manage_staff, "user.password"); !allowed) return allowed;
  auto hash = hash_password(password);
  if (!hash) return hash.error();
  return changes_.run(by, Permission::manage_staff, "user.password", subject_of(user),
                      [&](Facets& tx, std::string&) -> Result<std::string> {
                        if (auto stored = tx.staff.get_user(user); !stored) return stored.error();
                        if (auto s = tx.staff.set_password_hash(user, *hash); !s) return s.error();
                        return ended_sessions(tx.staff.end_sessions(user, keep_session));
                      });
}

Status StaffAdmin::end_sessions(const StaffUser& by, Id user) {
  return changes_.run(by, Permission::manage_staff, "user.sessions_end", subject_of(user),
                      [&](Facets& tx, std::string&) -> Result<std::string> {
                        if (auto stored = tx.staff.get_user(user); !stored) return stored.error();
                        return ended_sessions(tx.staff.end_sessions(user, ""));
                      });
}

Status StaffAdmin::reset_two_factor(const StaffUser& by, Id user, std::string_view keep_session) {
  return changes_.run(by, Permission::manage_staff, "user.2fa_reset", subject_of(user),
                      [&](Facets& tx, std::string&) -> Result<std::string> {
                        if (auto stored = tx.staff.get_user(user); !stored) return stored.error();
                        if (auto s = tx.staff.delete_two_factor(user); !s) return s.error();
                        return ended_sessions(tx.staff.end_sessions(user, keep_session));
                      });
}

Status StaffAdmin::set_require_two_factor(const StaffUser& by, bool required) {
  return changes_.run(by, Permission::manage_staff, "settings.require_2fa", "site",
                      [&](Facets& tx, std::string&) -> Result<std::string> {
                        if (auto s = tx.staff.set_require_two_factor(required); !s) return s.error();
                        return std::string(required ? "on" : "off");
                      });
}

}  // namespace barometer::staff
