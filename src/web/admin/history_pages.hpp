// Internal to web/admin: revisions of commentaries (list, diff, restore) and the audit log page
// (history_pages.cpp, audit_pages.cpp; docs/decisions/0004-admin.md "Revisions and the audit log").
#pragma once

#include <string_view>

#include "domain/commentary.hpp"
#include "web/admin/admin_context.hpp"

namespace barometer::web::admin {

// Revisions are written by editorial::CommentaryService, in the transaction of each save.

// GET /admin/commentaries/{id}/revisions/: the revisions, newest first; choose two to compare.
Response revisions_page(const AdminDeps& deps, const AdminRequest& request);
// GET /admin/commentaries/{id}/revisions/diff?from=A&to=B: field by field, lines and words.
Response revision_diff_page(const AdminDeps& deps, const AdminRequest& request);
// POST /admin/commentaries/{id}/revisions/{rev}/restore: the revision's content saved again as a
// new revision; status and publication time stay the current ones.
Response restore_revision(const AdminDeps& deps, const AdminRequest& request);
// GET /admin/audit/?user=&action=&page=: the audit log, newest first, 50 lines a page.
Response audit_page(const AdminDeps& deps, const AdminRequest& request);

}  // namespace barometer::web::admin
