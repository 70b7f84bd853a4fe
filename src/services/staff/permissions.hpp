// What each staff role may do (PRODUCT.md "Who uses it", issue 3 "Roles"). One table, checked on
// the server for every back-office route and again by the services that write (require());
// templates only hide what this forbids.
#pragma once

#include <string_view>

#include "domain/commentary.hpp"
#include "domain/result.hpp"
#include "domain/staff.hpp"

namespace barometer::staff {

enum class Permission {
  view_board,          // the week's board: every role
  write_commentary,    // create a commentary, edit own drafts, submit for review: every role
  edit_any_commentary, // edit anyone's commentary in any state: editor, admin
  publish,             // publish, unpublish, schedule: editor, admin
  manage_content,      // topics, authors, pages: editor, admin
  manage_staff,        // staff accounts, site settings: admin
  read_audit,          // the audit log of the back office: editor, admin
};

bool role_allows(Role role, Permission permission);

// What every service checks before it writes: forbidden (naming the user and `what`) when `user`
// is disabled or their role lacks `permission`; ok otherwise.
Status require(const StaffUser& user, Permission permission, std::string_view what);

// May `user` edit this commentary (owned by `owner_id`, 0 = unknown)? Editors and admins: always;
// analysts: only their own, and only while it is a draft (in review it is the editor's turn).
bool may_edit_commentary(const StaffUser& user, Id owner_id, CommentaryStatus status);

}  // namespace barometer::staff
