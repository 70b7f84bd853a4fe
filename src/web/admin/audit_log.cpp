// The audit log writer and the revision keeper: the two writes of the back office's memory.
// Neither may fail the action it records (the action already happened): a failed write goes to
// stderr for the operator.
#include <cstdio>

#include "domain/text.hpp"
#include "web/admin/admin_context.hpp"
#include "web/admin/history_pages.hpp"

namespace barometer::web::admin {

namespace {

constexpr std::size_t kMaxDetail = 2000;  // bytes kept of a detail text

void report(std::string_view what, const Error& error) {
  std::fprintf(stderr, "admin: %.*s not recorded: %s\n", static_cast<int>(what.size()), what.data(),
               error.message.c_str());
}

}  // namespace

void record_audit(const AdminDeps& deps, const AdminRequest& request, std::string_view action,
                  std::string_view subject, std::string_view detail) {
  AuditEntry e;
  e.at = deps.clock.now();
  if (request.auth) {
    e.staff_user_id = request.auth->user.id;
    e.user_name = request.auth->user.name;
  }
  e.action = std::string(action);
  e.subject = std::string(subject);
  e.detail = std::string(utf8_prefix(detail, kMaxDetail));
  if (auto id = deps.history.add_audit(e); !id) report("audit line " + e.action, id.error());
}

void keep_revision(const AdminDeps& deps, const AdminRequest& request, const Commentary& saved,
                   std::string_view summary) {
  RevisionInfo info;
  info.commentary_id = saved.id;
  info.saved_at = deps.clock.now();
  if (request.auth) info.staff_user_id = request.auth->user.id;
  info.summary = std::string(summary);
  if (auto id = deps.history.add_revision(info, saved); !id)
    report("revision of commentary " + std::to_string(saved.id), id.error());
}

void record_commentary_save(const AdminDeps& deps, const AdminRequest& request, Commentary saved, Id id,
                            std::string_view action, bool created) {
  saved.id = id;
  std::string summary = created ? "created" : "saved";
  if (action == "submit") summary = "submitted for review";
  else if (action == "publish") summary = "published";
  else if (action == "unpublish") summary = "unpublished";
  else if (action == "schedule" && saved.published_at) summary = "scheduled for " + to_iso(*saved.published_at);
  keep_revision(deps, request, saved, summary);
  std::string subject = "commentary:" + std::to_string(id);
  std::string detail = saved.period.id();
  if (!saved.translations.empty()) detail += " " + saved.translations.begin()->second.title;
  if (created) record_audit(deps, request, "commentary.create", subject, detail);
  if (!created || action != "save") record_audit(deps, request, "commentary." + std::string(action), subject, detail);
}

}  // namespace barometer::web::admin
