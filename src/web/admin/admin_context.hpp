// Internal to web/admin: what every admin page handler gets, and the shared page helpers.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "domain/clock.hpp"
#include "i18n/catalogue.hpp"
#include "render/theme.hpp"
#include "render/view.hpp"
#include "services/editorial/commentary_service.hpp"
#include "services/editorial/site_content.hpp"
#include "services/newsletter/digest_approval.hpp"
#include "services/staff/staff_admin.hpp"
#include "services/staff/staff_service.hpp"
#include "services/webhooks/webhook_admin.hpp"
#include "storage/database.hpp"
#include "web/http.hpp"
#include "web/router.hpp"
#include "web/commentary_preview.hpp"
#include "web/admin/newsletter_admin.hpp"
#include "web/url.hpp"

namespace barometer::web::admin {

using staff::Authenticated;

// Shared, immutable after construction (apart from the thread-safe stores).
struct AdminDeps {
  Database& db;
  // The database's facets, for the handlers' reads. Changes go through the services below, one
  // transaction each with their audit lines (docs/decisions/0014).
  Store& store;
  StaffStore& staff_store;
  HistoryStore& history;  // revisions and the audit log (history_pages.hpp, record_audit)
  editorial::CommentaryService& commentaries;
  editorial::SiteContent& site_content;  // topics, authors, pages, settings
  staff::StaffAdmin& staff_admin;         // staff accounts
  staff::StaffService& staff;             // signing in and out
  const Clock& clock;
  render::Theme theme;
  Catalogue catalogue;  // English: the fallback, and the text of pages outside a request
  // The back office's languages (en, be, ru) by code; each request picks one (AdminRequest::lang).
  std::map<LangCode, Catalogue> catalogues;
  // Renders the editor's previews through the public theme (never null once the site is built).
  std::shared_ptr<const CommentaryPreview> preview;
  // The newsletter pages (newsletter_pages.hpp); null when not configured.
  std::shared_ptr<const NewsletterAdmin> newsletter;
  // Marks digests ready (the newsletter's one audited change); null when not configured.
  std::shared_ptr<newsletter::DigestApproval> digest_approval;
  // Cookies get `Secure` (AdminOptions::secure_cookies).
  bool secure_cookies = false;
  // Webhooks' changes, each with its audit line (/admin/webhooks/, webhook_pages.hpp).
  std::shared_ptr<webhooks::WebhookAdmin> webhooks = nullptr;
};

inline constexpr const char* kSessionCookie = "barometer_session";
inline constexpr const char* kLoginCookie = "barometer_login";  // double-submit token of the sign-in form
// The half-signed-in session between the password and the code step (or the forced enrolment).
inline constexpr const char* kPendingCookie = "barometer_pending";

// A Set-Cookie value for the back office: Path=/admin; HttpOnly; `extra`; Secure when configured.
std::string admin_cookie(const AdminDeps& deps, const std::string& name, const std::string& value,
                         const std::string& extra);

// One request, after authentication and the CSRF check.
struct AdminRequest {
  const Request& http;
  const RouteParams& params;
  QueryParams query;
  QueryParams form;               // POST body (empty for GET)
  const Authenticated* auth;      // never null for guarded routes
  LangCode lang = "en";           // the UI language: cookie choice, else Accept-Language, else en
};

// The catalogue of the request's UI language (deps.catalogue when `request` is null).
const Catalogue& catalogue_for(const AdminDeps& deps, const AdminRequest* request);
inline const std::string& tr(const AdminDeps& deps, const AdminRequest& request, std::string_view key) {
  return catalogue_for(deps, &request).text(key);
}

// A page: `name` rendered with `view` plus the common fields (t = catalogue, user, csrf).
Response render_page(const AdminDeps& deps, const AdminRequest* request, const std::string& name,
                     render::View view, int status = 200);
Response redirect(const std::string& location);
Response error_page(const AdminDeps& deps, const AdminRequest* request, int status, const std::string& message_key);

// Writes one line of the audit log: who (the request's signed-in user) did `action`
// ("commentary.publish", "topic.update", "user.disable", ...) to `subject` ("commentary:42",
// "topic:society", "user:7"), with an optional human-readable `detail`. Never fails the request:
// an audit write that fails is logged and the action stands (audit_log.cpp).
void record_audit(const AdminDeps& deps, const AdminRequest& request, std::string_view action,
                  std::string_view subject, std::string_view detail = {});

// What the request's client is (address, User-Agent), for the sessions it signs in.
staff::ClientInfo client_of(const Request& request);

// The sign-in's second step and the forced enrolment (sign_in_pages.cpp): no session yet, the
// half-signed-in one comes from the kPendingCookie.
Response code_form(const AdminDeps& deps, const AdminRequest& request);
Response submit_code(const AdminDeps& deps, const AdminRequest& request);
Response forced_enrolment_form(const AdminDeps& deps, const AdminRequest& request);
Response submit_forced_enrolment(const AdminDeps& deps, const AdminRequest& request);
// Where a request without a session but with a half-signed-in one goes ("" = none).
std::string pending_step(const AdminDeps& deps, const Request& request);

// A signed-in staff member's own account (session_pages.cpp): two-factor and sessions.
Response two_factor_page(const AdminDeps& deps, const AdminRequest& request);
Response enrol_two_factor(const AdminDeps& deps, const AdminRequest& request);
Response sessions_page(const AdminDeps& deps, const AdminRequest& request);
Response end_sessions(const AdminDeps& deps, const AdminRequest& request);
Response password_page(const AdminDeps& deps, const AdminRequest& request);
Response change_password(const AdminDeps& deps, const AdminRequest& request);
// The enrolment page for `user` (a new or waiting secret, QR code, manual key, code field);
// `csrf` is the form's token, `action` where it posts.
Response enrolment_page(const AdminDeps& deps, const AdminRequest& request, const StaffUser& user,
                        const std::string& csrf, const std::string& action, const std::string& error_key, int status);
// The recovery codes, shown once, and a link on to the board.
Response recovery_codes_page(const AdminDeps& deps, const AdminRequest& request, const std::vector<std::string>& codes);

// The routes of the board and the commentary editor (commentary_pages.cpp).
Response board_page(const AdminDeps& deps, const AdminRequest& request);
Response new_commentary_form(const AdminDeps& deps, const AdminRequest& request);
Response create_commentary(const AdminDeps& deps, const AdminRequest& request);
Response edit_commentary_form(const AdminDeps& deps, const AdminRequest& request);
Response update_commentary(const AdminDeps& deps, const AdminRequest& request);
// /admin/commentaries/?q=… : the text search of every commentary, drafts included
// (commentary_search_page.cpp).
Response commentary_search_page(const AdminDeps& deps, const AdminRequest& request);

}  // namespace barometer::web::admin
