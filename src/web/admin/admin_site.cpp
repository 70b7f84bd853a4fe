// The admin handler: routing, authentication, role and CSRF checks, sign-in and sign-out.
#include "web/admin/admin_site.hpp"

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "i18n/negotiate.hpp"
#include "services/staff/password.hpp"
#include "services/staff/permissions.hpp"
#include "web/admin/admin_context.hpp"
#include "web/admin/history_pages.hpp"
#include "web/admin/manage_pages.hpp"
#include "web/admin/webhook_pages.hpp"
#include "web/admin/newsletter_pages.hpp"

namespace barometer::web {

namespace admin {

namespace {

constexpr const char* kLanguageCookie = "barometer_admin_lang";  // the UI language a staff member chose

using Action = std::function<Response(const AdminRequest&)>;

void flatten(const Catalogue& catalogue, render::View& t) {
  // Dotted keys become underscores: Mustache would read "a.b" as a nested lookup.
  for (const auto& [key, value] : catalogue.entries()) {
    std::string k = key;
    for (auto& ch : k)
      if (ch == '.') ch = '_';
    t[k] = value;
  }
}

// The back office's own languages (themes/admin/locales/<code>.toml): code, ICU locale, native name.
struct UiLanguage {
  const char* code;
  const char* icu_locale;
  const char* name;
};
constexpr UiLanguage kUiLanguages[] = {{"en", "en", "English"}, {"be", "be_BY", "Беларуская"}, {"ru", "ru_RU", "Русский"}};

// The header's language switcher: plain links (no JavaScript) that come back to this page.
void add_language_switcher(const AdminRequest* request, render::View& view) {
  LangCode current = request ? request->lang : "en";
  view["ui_lang"] = current;
  std::string here = "/admin/";
  if (request && request->http.method == "GET")
    here = request->http.path + (request->http.query.empty() ? "" : "?" + request->http.query);
  auto& list = view["ui_languages"] = render::View::list();
  for (const auto& l : kUiLanguages) {
    render::View item = render::View::object();
    item["code"] = l.code;
    item["name"] = l.name;
    item["current"] = current == l.code;
    item["href"] = std::string("/admin/language?lang=") + l.code + "&back=" + percent_encode(here);
    list.push(std::move(item));
  }
}

}  // namespace

std::string admin_cookie(const AdminDeps& deps, const std::string& name, const std::string& value,
                         const std::string& extra) {
  return name + "=" + value + "; Path=/admin; HttpOnly; " + extra + (deps.secure_cookies ? "; Secure" : "");
}

staff::ClientInfo client_of(const Request& request) {
  return {request.remote_address, std::string(request.header("User-Agent"))};
}

const Catalogue& catalogue_for(const AdminDeps& deps, const AdminRequest* request) {
  if (!request) return deps.catalogue;
  auto it = deps.catalogues.find(request->lang);
  return it == deps.catalogues.end() ? deps.catalogue : it->second;
}

Response render_page(const AdminDeps& deps, const AdminRequest* request, const std::string& name, render::View view,
                     int status) {
  render::View t = render::View::object();
  flatten(catalogue_for(deps, request), t);
  view["t"] = std::move(t);
  add_language_switcher(request, view);
  if (request && request->auth) {
    const auto& user = request->auth->user;
    view["signed_in"] = true;
    view["user_name"] = user.name;
    view["user_role"] = catalogue_for(deps, request).text("role_" + std::string(to_string(user.role)));
    view["csrf"] = request->auth->session.csrf_token;
    view["may_publish"] = staff::role_allows(user.role, staff::Permission::publish);
    view["may_manage_staff"] = staff::role_allows(user.role, staff::Permission::manage_staff);
    view["may_read_audit"] = staff::role_allows(user.role, staff::Permission::read_audit);
    view["may_manage_content"] = staff::role_allows(user.role, staff::Permission::manage_content);
  }
  Response r;
  r.status = status;
  auto html = deps.theme.render(name, view);
  if (!html) {
    r.status = 500;
    r.set_body("Internal error");
    r.set_header("Content-Type", "text/plain; charset=utf-8");
    return r;
  }
  r.set_body(std::move(*html));
  r.set_header("Content-Type", "text/html; charset=utf-8");
  return r;
}

Response redirect(const std::string& location) {
  Response r;
  r.status = 303;
  r.set_header("Location", location);
  return r;
}

Response error_page(const AdminDeps& deps, const AdminRequest* request, int status, const std::string& message_key) {
  render::View v = render::View::object();
  v["message"] = catalogue_for(deps, request).text(message_key);
  v["status"] = std::to_string(status);
  return render_page(deps, request, "error", std::move(v), status);
}

class AdminSite final : public Handler {
 public:
  AdminSite(AdminDeps deps, AdminOptions options) : deps_(std::move(deps)), options_(std::move(options)) {
    add({"GET", "HEAD"}, "/admin/login", std::nullopt, [this](const AdminRequest& r) { return login_form(r, "", ""); });
    add({"POST"}, "/admin/login", std::nullopt, [this](const AdminRequest& r) { return login(r); });
    add({"POST"}, "/admin/logout", staff::Permission::view_board, [this](const AdminRequest& r) { return logout(r); });
    add_account_routes();
    add({"GET", "HEAD"}, "/admin/", staff::Permission::view_board,
        [this](const AdminRequest& r) { return board_page(deps_, r); });
    add({"GET", "HEAD"}, "/admin/commentaries/", staff::Permission::view_board,
        [this](const AdminRequest& r) { return commentary_search_page(deps_, r); });
    add({"GET", "HEAD"}, "/admin/commentaries/new", staff::Permission::write_commentary,
        [this](const AdminRequest& r) { return new_commentary_form(deps_, r); });
    add({"POST"}, "/admin/commentaries/new", staff::Permission::write_commentary,
        [this](const AdminRequest& r) { return create_commentary(deps_, r); });
    add({"GET", "HEAD"}, "/admin/commentaries/{id}/", staff::Permission::write_commentary,
        [this](const AdminRequest& r) { return edit_commentary_form(deps_, r); });
    add({"POST"}, "/admin/commentaries/{id}/", staff::Permission::write_commentary,
        [this](const AdminRequest& r) { return update_commentary(deps_, r); });
    add({"GET", "HEAD"}, "/admin/commentaries/{id}/revisions/", staff::Permission::write_commentary,
        [this](const AdminRequest& r) { return revisions_page(deps_, r); });
    add({"GET", "HEAD"}, "/admin/commentaries/{id}/revisions/diff", staff::Permission::write_commentary,
        [this](const AdminRequest& r) { return revision_diff_page(deps_, r); });
    add({"POST"}, "/admin/commentaries/{id}/revisions/{rev}/restore", staff::Permission::write_commentary,
        [this](const AdminRequest& r) { return restore_revision(deps_, r); });
    add({"GET", "HEAD"}, "/admin/audit/", staff::Permission::read_audit,
        [this](const AdminRequest& r) { return audit_page(deps_, r); });
    add_manage_routes();
    add_newsletter_routes();
    add({"GET", "HEAD"}, "/admin/language", std::nullopt, [this](const AdminRequest& r) { return choose_language(r); });
    add({"GET", "HEAD"}, "/admin/static/editor.js", std::nullopt, [this](const AdminRequest&) {
      Response r;
      r.set_body(js_);
      r.set_header("Content-Type", "text/javascript; charset=utf-8");
      return r;
    });
    add({"GET", "HEAD"}, "/admin/static/admin.css", std::nullopt, [this](const AdminRequest&) {
      Response r;
      r.set_body(css_);
      r.set_header("Content-Type", "text/css; charset=utf-8");
      return r;
    });
  }

  std::string css_;  // the theme's static/admin.css, read once
  std::string js_;   // the theme's static/editor.js (the editor's live preview), read once
  std::shared_ptr<editorial::CommentaryService> commentaries_;  // what deps_.commentaries refers to
  std::shared_ptr<editorial::SiteContent> site_content_;         // what deps_.site_content refers to
  std::shared_ptr<staff::StaffAdmin> staff_admin_;               // what deps_.staff_admin refers to

  Response handle(const Request& request) override {
    Response r = dispatch(request);
    r.set_header("Cache-Control", "no-store");
    return r;
  }

 private:
  void add(std::vector<std::string> methods, std::string_view pattern, std::optional<staff::Permission> permission,
           Action action) {
    router_.add(std::move(methods), pattern,
                [this, permission, action = std::move(action)](const Request& req, const RouteParams& params) {
                  return guarded(req, params, permission, action);
                });
  }

  // A route served by one of the page functions (manage_pages.hpp, newsletter_pages.hpp, ...).
  void route(std::vector<std::string> methods, std::string_view pattern, std::optional<staff::Permission> permission,
             Response (*page)(const AdminDeps&, const AdminRequest&)) {
    add(std::move(methods), pattern, permission, [this, page](const AdminRequest& r) { return page(deps_, r); });
  }

  Response dispatch(const Request& request) {
    auto path = split_path(request.path);
    if (!path) return error_page(deps_, nullptr, 400, "error_bad_request");
    auto found = router_.route(request.method, *path);
    switch (found.outcome) {
      case Router::Outcome::matched: return found.route->action(request, found.params);
      case Router::Outcome::add_slash: {
        if (request.method != "GET" && request.method != "HEAD") break;
        Response r;
        r.status = 308;
        r.set_header("Location", request.path + "/" + (request.query.empty() ? "" : "?" + request.query));
        return r;
      }
      case Router::Outcome::method_not_allowed: {
        Response r = error_page(deps_, nullptr, 405, "error_method");
        r.set_header("Allow", found.allow);
        return r;
      }
      case Router::Outcome::not_found: break;
    }
    return error_page(deps_, nullptr, 404, "error_not_found");
  }

  Response guarded(const Request& req, const RouteParams& params, std::optional<staff::Permission> permission,
                   const Action& action) {
    auto query = parse_query(req.query);
    if (!query) return error_page(deps_, nullptr, 400, "error_bad_request");
    AdminRequest ar{req, params, std::move(*query), {}, nullptr, ui_language(req)};
    std::optional<Authenticated> auth;
    if (permission) {
      auto token = cookie_value(req, kSessionCookie);
      auto found = token ? deps_.staff.authenticate(*token) : Result<Authenticated>(not_found("no cookie"));
      if (!found) {
        if (found.code() == ErrorCode::unavailable) return error_page(deps_, nullptr, 503, "error_unavailable");
        // Half-signed-in (password only): nothing but the step that is still to come.
        std::string step = pending_step(deps_, req);
        return redirect(step.empty() ? "/admin/login" : step);
      }
      auth = std::move(*found);
      ar.auth = &*auth;
      if (!staff::role_allows(auth->user.role, *permission)) return error_page(deps_, &ar, 403, "error_forbidden");
    }
    if (req.method == "POST") {
      if (req.body.size() > options_.form_limits.max_bytes) return error_page(deps_, &ar, 413, "error_too_large");
      auto form = parse_form(req, options_.form_limits);
      if (!form) return error_page(deps_, &ar, 400, "error_bad_request");
      ar.form = std::move(*form);
      // CSRF: the session's synchronizer token; the sign-in form has its own (see login()).
      if (auth && !staff::StaffService::csrf_matches(auth->session, field(ar.form, "_csrf")))
        return error_page(deps_, &ar, 403, "error_csrf");
    }
    return action(ar);
  }

  std::string cookie(const std::string& name, const std::string& value, const std::string& extra) const {
    return admin_cookie(deps_, name, value, extra);
  }

  Response login_form(const AdminRequest& r, const std::string& email, const std::string& error_key,
                      int status = 200) {
    auto existing = cookie_value(r.http, kLoginCookie);
    std::string token = existing && existing->size() == 64 ? *existing : staff::random_token(32);
    render::View v = render::View::object();
    v["email"] = email;
    v["login_csrf"] = token;
    if (!error_key.empty()) v["error"] = tr(deps_, r, error_key);
    Response resp = render_page(deps_, &r, "login", std::move(v), status);
    resp.set_header("Set-Cookie", cookie(kLoginCookie, token, "SameSite=Strict"));
    return resp;
  }

  Response login(const AdminRequest& r) {
    auto expected = cookie_value(r.http, kLoginCookie);
    if (!expected || !staff::constant_time_equal(*expected, field(r.form, "_csrf")) || expected->empty())
      return error_page(deps_, nullptr, 403, "error_csrf");
    std::string email = field(r.form, "email");
    auto result = deps_.staff.sign_in(email, field(r.form, "password"), client_of(r.http));
    if (!result.signed_in) {
      switch (result.failure) {
        case staff::SignInFailure::unavailable: return login_form(r, email, "error_unavailable", 503);
        case staff::SignInFailure::throttled: return login_form(r, email, "login_failed", 429);
        case staff::SignInFailure::rejected: return login_form(r, email, "login_failed", 401);
      }
    }
    if (result.signed_in->session.stage != SessionStage::signed_in) {
      // The password was right; the code step (or the forced enrolment) comes next. Nothing is
      // granted until then: the pending token opens only that step.
      const bool code = result.signed_in->session.stage == SessionStage::code;
      Response resp = redirect(code ? "/admin/login/code" : "/admin/login/enrol");
      resp.headers.push_back({"Set-Cookie", cookie(kPendingCookie, result.signed_in->token, "SameSite=Strict")});
      resp.headers.push_back({"Set-Cookie", cookie(kLoginCookie, "", "SameSite=Strict; Max-Age=0")});
      return resp;
    }
    Authenticated signed_in{result.signed_in->session, result.signed_in->user};
    AdminRequest as_user = r;
    as_user.auth = &signed_in;
    record_audit(deps_, as_user, "session.sign_in", "user:" + std::to_string(signed_in.user.id));
    Response resp = redirect("/admin/");
    // A fresh token at every sign-in (no fixation); the old pre-sign-in token is spent.
    resp.headers.push_back({"Set-Cookie", cookie(kSessionCookie, result.signed_in->token, "SameSite=Lax")});
    resp.headers.push_back({"Set-Cookie", cookie(kLoginCookie, "", "SameSite=Strict; Max-Age=0")});
    return resp;
  }

  Response logout(const AdminRequest& r) {
    record_audit(deps_, r, "session.sign_out", "user:" + std::to_string(r.auth->user.id));
    if (auto token = cookie_value(r.http, kSessionCookie)) (void)deps_.staff.sign_out(*token);
    Response resp = redirect("/admin/login");
    resp.set_header("Set-Cookie", cookie(kSessionCookie, "", "SameSite=Lax; Max-Age=0"));
    return resp;
  }

  // The sign-in's code step, the forced enrolment, and one's own two-factor, sessions and password.
  void add_account_routes() {
    using P = staff::Permission;
    const std::vector<std::string> get{"GET", "HEAD"}, post{"POST"};
    route(get, "/admin/login/code", std::nullopt, code_form);
    route(post, "/admin/login/code", std::nullopt, submit_code);
    route(get, "/admin/login/enrol", std::nullopt, forced_enrolment_form);
    route(post, "/admin/login/enrol", std::nullopt, submit_forced_enrolment);
    route(get, "/admin/two-factor/", P::view_board, two_factor_page);
    route(post, "/admin/two-factor/", P::view_board, enrol_two_factor);
    route(get, "/admin/sessions/", P::view_board, sessions_page);
    route(post, "/admin/sessions/", P::view_board, end_sessions);
    route(get, "/admin/password/", P::view_board, password_page);
    route(post, "/admin/password/", P::view_board, change_password);
  }

  // Topics, authors, pages, settings and staff (manage_pages.hpp).
  void add_manage_routes() {
    using P = staff::Permission;
    const std::vector<std::string> get{"GET", "HEAD"}, post{"POST"};
    route(get, "/admin/topics/", P::manage_content, topic_list_page);
    route(get, "/admin/topics/new", P::manage_content, new_topic_form);
    route(post, "/admin/topics/new", P::manage_content, create_topic);
    route(get, "/admin/topics/{slug}/", P::manage_content, edit_topic_form);
    route(post, "/admin/topics/{slug}/", P::manage_content, update_topic);
    route(post, "/admin/topics/{slug}/move", P::manage_content, move_topic);
    route(get, "/admin/authors/", P::manage_content, author_list_page);
    route(get, "/admin/authors/new", P::manage_content, new_author_form);
    route(post, "/admin/authors/new", P::manage_content, create_author);
    route(get, "/admin/authors/{slug}/", P::manage_content, edit_author_form);
    route(post, "/admin/authors/{slug}/", P::manage_content, update_author);
    route(get, "/admin/pages/", P::manage_content, page_list_page);
    route(get, "/admin/pages/new", P::manage_content, new_page_form);
    route(post, "/admin/pages/new", P::manage_content, create_page);
    route(get, "/admin/pages/{key}/", P::manage_content, edit_page_form);
    route(post, "/admin/pages/{key}/", P::manage_content, update_page);
    route(get, "/admin/settings/", P::manage_staff, settings_form);
    route(post, "/admin/settings/", P::manage_staff, update_settings);
    route(post, "/admin/settings/two-factor", P::manage_staff, update_two_factor_policy);
    route(get, "/admin/staff/", P::manage_staff, staff_list_page);
    route(get, "/admin/staff/new", P::manage_staff, new_staff_form);
    route(post, "/admin/staff/new", P::manage_staff, create_staff);
    route(get, "/admin/staff/{id}/", P::manage_staff, edit_staff_form);
    route(post, "/admin/staff/{id}/", P::manage_staff, update_staff);
    // Webhooks (webhook_pages.hpp): admins only, as staff accounts.
    route(get, "/admin/webhooks/", P::manage_staff, webhook_list_page);
    route(get, "/admin/webhooks/new", P::manage_staff, new_webhook_form);
    route(post, "/admin/webhooks/new", P::manage_staff, create_webhook);
    route(get, "/admin/webhooks/{id}/", P::manage_staff, edit_webhook_form);
    route(post, "/admin/webhooks/{id}/", P::manage_staff, update_webhook);
  }

  // The newsletter: digests for editors, subscribers and the outbox for admins (newsletter_pages.hpp).
  void add_newsletter_routes() {
    using P = staff::Permission;
    const std::vector<std::string> get{"GET", "HEAD"}, post{"POST"};
    route(get, "/admin/newsletter/", P::publish, newsletter_page);
    route(get, "/admin/newsletter/preview", P::publish, digest_preview);
    route(post, "/admin/newsletter/test", P::publish, send_test_digest);
    route(post, "/admin/newsletter/ready", P::publish, mark_digest_ready);
    route(get, "/admin/newsletter/subscribers/", P::manage_staff, subscribers_page);
    route(get, "/admin/newsletter/subscribers/export.csv", P::manage_staff, export_subscribers);
    route(get, "/admin/newsletter/subscribers/import", P::manage_staff, import_form);
    route(post, "/admin/newsletter/subscribers/import", P::manage_staff, import_subscribers_csv);
    route(get, "/admin/newsletter/outbox/", P::manage_staff, outbox_page);
    route(get, "/admin/newsletter/outbox/message", P::manage_staff, outbox_message_page);
  }

  // The UI language: the cookie a staff member set with the switcher, else Accept-Language.
  LangCode ui_language(const Request& req) const {
    if (auto chosen = cookie_value(req, kLanguageCookie); chosen && deps_.catalogues.count(*chosen)) return *chosen;
    std::vector<LangCode> available;
    for (const auto& [code, catalogue] : deps_.catalogues) available.push_back(code);
    return negotiate_language(req.header("Accept-Language"), available, "en");
  }

  // GET /admin/language?lang=be&back=/admin/topics/ : remembers the choice (a preference, not a
  // change of data, so no CSRF token) and goes back, only ever to a back-office path.
  Response choose_language(const AdminRequest& r) {
    std::string lang = field(r.query, "lang");
    std::string back = field(r.query, "back");
    if (back.rfind("/admin/", 0) != 0 || back.find("//") != std::string::npos || back.find('\\') != std::string::npos ||
        back.find_first_of("\r\n") != std::string::npos)
      back = "/admin/";
    if (!deps_.catalogues.count(lang)) return error_page(deps_, &r, 400, "error_bad_request");
    Response resp = redirect(back);
    resp.set_header("Set-Cookie", cookie(kLanguageCookie, lang, "SameSite=Lax; Max-Age=31536000"));
    return resp;
  }

  AdminDeps deps_;
  AdminOptions options_;
  Router router_;
};

}  // namespace admin

Result<std::unique_ptr<Handler>> make_admin_site(Database& database, staff::StaffService& staff, const Clock& clock,
                                                 const AdminOptions& options) {
  auto theme = render::Theme::load(options.theme_dir);
  if (!theme) return theme.error();
  auto catalogue = Catalogue::load(options.theme_dir + "/locales/en.toml", "en");
  if (!catalogue) return catalogue.error();
  std::map<LangCode, Catalogue> catalogues;
  for (const auto& l : admin::kUiLanguages) {
    auto loaded = Catalogue::load(options.theme_dir + "/locales/" + l.code + ".toml", l.icu_locale);
    if (!loaded) return loaded.error();
    catalogues.emplace(l.code, std::move(*loaded));
  }
  auto commentaries = std::make_shared<editorial::CommentaryService>(database, clock);
  auto site_content = std::make_shared<editorial::SiteContent>(database, clock);
  auto staff_admin = std::make_shared<staff::StaffAdmin>(database, clock);
  admin::AdminDeps deps{database,          database.content(),   database.staff(),      database.history(),
                        *commentaries,     *site_content,        *staff_admin,          staff,
                        clock,             std::move(*theme),    std::move(*catalogue), std::move(catalogues),
                        nullptr,           nullptr,              nullptr};
  PublicSiteOptions preview_options;
  preview_options.theme_dir = options.public_theme_dir.empty()
                                  ? (std::filesystem::path(options.theme_dir).parent_path() / "default").string()
                                  : options.public_theme_dir;
  auto preview = CommentaryPreview::load(database.content(), preview_options);
  if (!preview) return preview.error();
  deps.preview = std::move(*preview);
  deps.newsletter = options.newsletter;
  deps.secure_cookies = options.secure_cookies;
  deps.webhooks = std::make_shared<webhooks::WebhookAdmin>(database, clock, options.webhooks_allow_private);
  if (options.newsletter)
    deps.digest_approval = std::make_shared<newsletter::DigestApproval>(database, clock, options.newsletter->mail);
  std::ifstream in(options.theme_dir + "/static/admin.css", std::ios::binary);
  if (!in) return io_error(options.theme_dir + "/static/admin.css: cannot read");
  std::ostringstream css;
  css << in.rdbuf();
  std::ifstream js_in(options.theme_dir + "/static/editor.js", std::ios::binary);
  if (!js_in) return io_error(options.theme_dir + "/static/editor.js: cannot read");
  std::ostringstream js;
  js << js_in.rdbuf();
  auto site = std::make_unique<admin::AdminSite>(std::move(deps), options);
  site->commentaries_ = std::move(commentaries);
  site->site_content_ = std::move(site_content);
  site->staff_admin_ = std::move(staff_admin);
  site->css_ = css.str();
  site->js_ = js.str();
  return std::unique_ptr<Handler>(std::move(site));
}

}  // namespace barometer::web
