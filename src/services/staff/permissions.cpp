#include "services/staff/permissions.hpp"

namespace barometer::staff {

bool role_allows(Role role, Permission permission) {
  switch (permission) {
    case Permission::view_board:
    case Permission::write_commentary: return true;
    case Permission::edit_any_commentary:
    case Permission::publish:
    case Permission::manage_content:
    case Permission::read_audit: return role == Role::editor || role == Role::admin;
    case Permission::manage_staff: return role == Role::admin;
  }
  return false;
}

Status require(const StaffUser& user, Permission permission, std::string_view what) {
  if (user.disabled) return forbidden(user.email + " is disabled");
  if (!role_allows(user.role, permission)) return forbidden(user.email + " may not " + std::string(what));
  return {};
}

bool may_edit_commentary(const StaffUser& user, Id owner_id, CommentaryStatus status) {
  if (role_allows(user.role, Permission::edit_any_commentary)) return true;
  return owner_id != 0 && owner_id == user.id && status == CommentaryStatus::draft;
}

}  // namespace barometer::staff
