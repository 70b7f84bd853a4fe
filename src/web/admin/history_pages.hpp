// Internal to web/admin: revisions of commentaries (list, diff, restore) and the audit log page
// (history_pages.cpp, audit_pages.cpp; docs/decisions/0004-admin.md "Revisions and the audit log").
#pragma once

#include <string_view>

#include "domain/commentary.hpp"
#include "web/admin/admin_context.hpp"

namespace barometer::web::admin {

// Keeps a revision of `saved` (the commentary exactly as just written to the Store, with its id)
// by the request's user, with a short `summary` ("saved", "published", "restored from #3").
// Call it after every successful save. Never fails the request: a failed write is logged to
// stderr and the save stands (like record_audit).
void keep_revision(const AdminDeps& deps, const AdminRequest& request, const Commentary& saved,
                   std::string_view summary);

// After a successful save in the editor (`action`: the button, "save", "submit", "publish",
// "unpublish", "schedule"; `created`: it was new): keeps a revision of `saved` (stored as `id`)
// and writes the audit lines "commentary.create" and/or "commentary.<action>". Never fails.
void record_commentary_save(const AdminDeps& deps, const AdminRequest& request, Commentary saved, Id id,
                            std::string_view action, bool created);

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
