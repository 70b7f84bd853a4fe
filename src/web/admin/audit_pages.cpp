// The audit log page: who did what, when; filtered by user and action, newest first, paginated.
#include <algorithm>

#include "web/admin/form.hpp"
#include "web/admin/history_pages.hpp"

namespace barometer::web::admin {

namespace {

using render::View;

constexpr int kPerPage = 50;
constexpr int kMaxPage = 100000;          // pages past this are refused, not searched
constexpr std::size_t kMaxActionText = 100;  // bytes of the action filter

std::optional<int> parse_page(const std::string& text) {
  if (text.empty()) return 1;
  if (text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  int n = std::stoi(text);
  if (n < 1 || n > kMaxPage) return std::nullopt;
  return n;
}

// Where a subject points in the back office, or "" ("commentary:42" -> its editor).
std::string subject_link(const std::string& subject) {
  const std::string prefix = "commentary:";
  if (subject.rfind(prefix, 0) != 0) return "";
  std::string id = subject.substr(prefix.size());
  if (id.empty() || id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos) return "";
  return "/admin/commentaries/" + id + "/";
}

std::string page_link(const std::string& user, const std::string& action, int page) {
  std::string q = "/admin/audit/?page=" + std::to_string(page);
  if (!user.empty()) q += "&user=" + percent_encode(user);
  if (!action.empty()) q += "&action=" + percent_encode(action);
  return q;
}

}  // namespace

Response audit_page(const AdminDeps& deps, const AdminRequest& r) {
  AuditFilter filter;
  std::string user = field(r.query, "user");
  std::string action = field(r.query, "action");
  auto page = parse_page(field(r.query, "page"));
  if (!page || action.size() > kMaxActionText) return error_page(deps, &r, 400, "error_bad_request");
  if (!user.empty()) {
    if (user.size() > 18 || user.find_first_not_of("0123456789") != std::string::npos)
      return error_page(deps, &r, 400, "error_bad_request");
    filter.staff_user_id = std::stoll(user);
  }
  filter.action_prefix = action;
  filter.limit = kPerPage;
  filter.offset = (*page - 1) * kPerPage;
  auto total = deps.history.count_audit(filter);
  auto lines = deps.history.list_audit(filter);
  auto users = deps.staff_store.list_users();
  if (!total || !lines || !users) return error_page(deps, &r, 503, "error_unavailable");

  View v = View::object();
  v["action"] = action;
  auto& options = v["users"] = View::list();
  for (const auto& u : *users) {
    View o = View::object();
    o["id"] = std::to_string(u.id);
    o["name"] = u.name;
    o["email"] = u.email;
    o["selected"] = std::to_string(u.id) == user;
    options.push(std::move(o));
  }
  auto& rows = v["lines"] = View::list();
  for (const auto& e : *lines) {
    View row = View::object();
    row["at"] = to_iso(e.at);
    row["who"] = e.user_name.empty() ? std::string("—") : e.user_name;
    row["action"] = e.action;
    row["subject"] = e.subject;
    std::string link = subject_link(e.subject);
    row["subject_link"] = link.empty() ? View() : View(link);
    row["detail"] = e.detail;
    rows.push(std::move(row));
  }
  int pages = std::max(1, (*total + kPerPage - 1) / kPerPage);
  v["has_lines"] = !lines->empty();
  v["total"] = std::to_string(*total);
  v["page"] = std::to_string(*page);
  v["pages"] = std::to_string(pages);
  v["previous"] = *page > 1 ? View(page_link(user, action, std::min(*page - 1, pages))) : View();
  v["next"] = *page < pages ? View(page_link(user, action, *page + 1)) : View();
  return render_page(deps, &r, "audit", std::move(v));
}

}  // namespace barometer::web::admin
