// The subscriber pages of the back office (admins only): list and search, CSV export and import.
#include <algorithm>
#include <chrono>

#include "i18n/email_address.hpp"
#include "services/newsletter/subscriber_csv.hpp"
#include "web/admin/form.hpp"
#include "web/admin/manage_pages.hpp"
#include "web/admin/newsletter_pages.hpp"

namespace barometer::web::admin {

namespace {

using render::View;

constexpr int kPerPage = 50;
constexpr int kMaxPage = 100000;
constexpr std::size_t kMaxSearch = 200;  // bytes of the email search text

// The filters of the list and the export; nullopt for a value that is not one.
std::optional<SubscriberQuery> query_of(const AdminRequest& r, int& page) {
  SubscriberQuery q;
  const std::string typed = field(r.query, "q");
  if (typed.size() > kMaxSearch) return std::nullopt;
  // As stored: lower-case, the domain in A-labels; "Name <a@b.by>" and pasted spaces reduced to
  // the address (i18n/email_address.hpp, docs/decisions/0017).
  q.email_contains = email_search_text(typed);
  if (std::string s = field(r.query, "status"); !s.empty()) {
    q.status = parse_subscriber_status(s);
    if (!q.status) return std::nullopt;
  }
  q.lang = field(r.query, "lang");
  if (q.lang.size() > 16) return std::nullopt;
  page = 1;
  if (std::string p = field(r.query, "page"); !p.empty()) {
    auto n = parse_small_int(p);
    if (!n || *n < 1 || *n > kMaxPage) return std::nullopt;
    page = *n;
  }
  q.limit = kPerPage;
  q.offset = (page - 1) * kPerPage;
  return q;
}

std::string filters_link(const SubscriberQuery& q) {
  std::string s = "q=" + percent_encode(q.email_contains) + "&lang=" + percent_encode(q.lang);
  if (q.status) s += "&status=" + std::string(to_string(*q.status));
  return s;
}

std::string when(const std::optional<Instant>& at) { return at ? to_iso(*at) : ""; }

}  // namespace

Response subscribers_page(const AdminDeps& deps, const AdminRequest& r) {
  if (!deps.newsletter) return error_page(deps, &r, 404, "error_not_found");
  auto& store = *deps.newsletter->subscribers;
  int page = 1;
  auto q = query_of(r, page);
  if (!q) return error_page(deps, &r, 400, "error_bad_request");
  auto total = store.count_subscribers(*q);
  if (!total) return store_error_page(deps, r, total.code());
  auto found = store.search_subscribers(*q);
  if (!found) return store_error_page(deps, r, found.code());
  // Only a count is left of the never-confirmed addresses the pruning deleted (decision 0011).
  auto pruned = store.pruned_subscriber_count(deps.clock.now() - std::chrono::hours(24 * 30));
  if (!pruned) return store_error_page(deps, r, pruned.code());
  View v = View::object();
  v["title"] = tr(deps, r, "subscribers_title");
  v["q"] = field(r.query, "q");  // as typed
  v["lang"] = q->lang;
  auto& statuses = v["statuses"] = View::list();
  for (auto s : {SubscriberStatus::pending, SubscriberStatus::confirmed, SubscriberStatus::unsubscribed,
                 SubscriberStatus::bounced}) {
    View item = View::object();
    item["value"] = std::string(to_string(s));
    item["name"] = tr(deps, r, "subscriber_status_" + std::string(to_string(s)));
    item["selected"] = q->status == s;
    statuses.push(std::move(item));
  }
  auto& rows = v["subscribers"] = View::list();
  for (const auto& s : *found) {
    View item = View::object();
    item["email"] = email_for_display(s.email);
    item["lang"] = s.lang;
    item["status"] = tr(deps, r, "subscriber_status_" + std::string(to_string(s.status)));
    item["created"] = to_iso(s.created_at);
    item["confirmed"] = when(s.confirmed_at);
    item["source"] = s.consent_source;
    rows.push(std::move(item));
  }
  v["has_subscribers"] = !found->empty();
  v["total"] = std::to_string(*total);
  v["pruned"] = std::to_string(*pruned);
  int pages = static_cast<int>(std::max<std::int64_t>(1, (*total + kPerPage - 1) / kPerPage));
  v["page"] = std::to_string(page);
  v["pages"] = std::to_string(pages);
  std::string base = "/admin/newsletter/subscribers/?" + filters_link(*q);
  if (page > 1) v["previous"] = base + "&page=" + std::to_string(page - 1);
  if (page < pages) v["next"] = base + "&page=" + std::to_string(page + 1);
  v["export"] = "/admin/newsletter/subscribers/export.csv?" + filters_link(*q);
  return render_page(deps, &r, "subscribers", std::move(v));
}

Response export_subscribers(const AdminDeps& deps, const AdminRequest& r) {
  if (!deps.newsletter) return error_page(deps, &r, 404, "error_not_found");
  auto& store = *deps.newsletter->subscribers;
  int page = 1;
  auto q = query_of(r, page);
  if (!q) return error_page(deps, &r, 400, "error_bad_request");
  // Every match, read in pages so one request never holds a huge statement open.
  std::vector<Subscriber> all;
  q->limit = 5000;
  for (q->offset = 0;; q->offset += q->limit) {
    auto found = store.search_subscribers(*q);
    if (!found) return store_error_page(deps, r, found.code());
    all.insert(all.end(), found->begin(), found->end());
    if (static_cast<int>(found->size()) < q->limit) break;
  }
  record_audit(deps, r, "subscribers.export", "subscribers", std::to_string(all.size()) + " rows");
  Response resp;
  resp.set_body(newsletter::subscribers_to_csv(all));
  resp.set_header("Content-Type", "text/csv; charset=utf-8; header=present");
  resp.set_header("Content-Disposition", "attachment; filename=\"subscribers.csv\"");
  return resp;
}

Response import_form(const AdminDeps& deps, const AdminRequest& r) {
  if (!deps.newsletter) return error_page(deps, &r, 404, "error_not_found");
  View v = View::object();
  v["title"] = tr(deps, r, "subscribers_import_title");
  return render_page(deps, &r, "subscribers_import", std::move(v));
}

Response import_subscribers_csv(const AdminDeps& deps, const AdminRequest& r) {
  if (!deps.newsletter) return error_page(deps, &r, 404, "error_not_found");
  auto site = deps.store.load_site();
  if (!site) return store_error_page(deps, r, site.code());
  View v = View::object();
  v["title"] = tr(deps, r, "subscribers_import_title");
  std::string csv = field(r.form, "csv");
  v["csv"] = csv;
  newsletter::ImportOptions options;
  options.consented = field(r.form, "consented") == "1";
  for (const auto& l : site->languages) options.languages.push_back(l.code);
  options.default_lang = site->languages.empty() ? "" : site->languages.front().code;
  options.now = deps.clock.now();
  if (!options.consented) {
    v["error"] = tr(deps, r, "subscribers_import_need_consent");
    return render_page(deps, &r, "subscribers_import", std::move(v), 422);
  }
  auto report = newsletter::import_subscribers(*deps.newsletter->subscribers, csv, options);
  if (!report) {
    if (report.code() == ErrorCode::unavailable) return error_page(deps, &r, 503, "error_unavailable");
    v["error"] = tr(deps, r, "subscribers_import_bad_file") + " " + report.error().message;
    return render_page(deps, &r, "subscribers_import", std::move(v), 422);
  }
  record_audit(deps, r, "subscribers.import", "subscribers",
               std::to_string(report->imported) + " imported, " + std::to_string(report->skipped.size()) + " skipped");
  View rep = View::object();
  rep["imported"] = std::to_string(report->imported);
  rep["skipped_count"] = std::to_string(report->skipped.size());
  auto& skipped = rep["skipped"] = View::list();
  for (const auto& s : report->skipped) {
    View item = View::object();
    item["line"] = std::to_string(s.line);
    item["email"] = s.email;
    item["reason"] = tr(deps, r, "subscribers_import_skip_" + s.reason);
    skipped.push(std::move(item));
  }
  v["report"] = std::move(rep);
  v["csv"] = "";
  return render_page(deps, &r, "subscribers_import", std::move(v));
}

}  // namespace barometer::web::admin
