// StaffAdmin: the back office's changes to staff accounts — add one, change a role, disable or
// enable, set a password. Each is ONE transaction with its audit line (history::AuditedChanges);
// the acting user needs manage_staff. Passwords are hashed before the transaction starts, so a
// slow argon2id never holds a database write lock.
//
// Rules that hold whatever the caller: an admin cannot demote or disable themself (the site
// would risk having no admin left); disabling an account or changing its password ends its
// sessions (the store does that with the write); a new password or a two-factor reset ends every
// session of the account but the acting one.
//
// Thread-safe (the database is); the database and clock must outlive the object.
#pragma once

#include <string_view>

#include "domain/clock.hpp"
#include "domain/result.hpp"
#include "domain/staff.hpp"
#include "services/history/audited_changes.hpp"
#include "services/staff/staff_service.hpp"
#include "storage/database.hpp"

namespace barometer::staff {

class StaffAdmin {
 public:
  StaffAdmin(Database& database, const Clock& clock) : changes_(database, clock), clock_(clock) {}

  // The new account, with its id. invalid naming the field and conflict for a taken email, as
  // new_account/add_account.
  Result<StaffUser> add(const StaffUser& by, const NewStaffUser& user);
  // invalid when `by` would demote themself; not_found for an unknown id.
  Status set_role(const StaffUser& by, Id user, Role role);
  // invalid when `by` would disable themself; not_found for an unknown id.
  Status set_disabled(const StaffUser& by, Id user, bool disabled);
  // invalid when the password breaks the password rule; not_found for an unknown id. Ends the
  // account's sessions except `keep_session` (the hash of the acting session's token, when an
  // admin changes their own password; "" ends them all).
  Status set_password(const StaffUser& by, Id user, std::string_view password, std::string_view keep_session = {});
  // Signs the account out everywhere (audit user.sessions_end). not_found for an unknown id.
  Status end_sessions(const StaffUser& by, Id user);
  // Removes the account's two-factor and recovery codes and ends its sessions (but `keep_session`),
  // audit user.2fa_reset. not_found for an unknown id.
  Status reset_two_factor(const StaffUser& by, Id user, std::string_view keep_session = {});
  // The sign-in policy: editors and admins must have two-factor (audit settings.require_2fa).
  Status set_require_two_factor(const StaffUser& by, bool required);

 private:
  history::AuditedChanges changes_;
  const Clock& clock_;
};

}  // namespace barometer::staff
