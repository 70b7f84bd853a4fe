// A staff member's own account: two-factor (enrolment: a QR code drawn on the server and the key
// to type in, a current code to confirm, ten recovery codes shown once), the Sessions page
// (every signed-in browser, each with "sign out", and "sign out all other sessions") and the
// Password page (the current password again, then the new one; the other sessions end).
// docs/decisions/0015-staff-2fa.md. Changes go through StaffService, one audited transaction each.
#include "render/qr_svg.hpp"
#include "services/staff/user_agent.hpp"
#include "web/admin/admin_context.hpp"
#include "web/admin/form.hpp"
#include "web/admin/manage_pages.hpp"

namespace barometer::web::admin {

namespace {

// The site's name in its default language: the issuer an authenticator app shows.
std::string issuer_name(const AdminDeps& deps) {
  auto site = deps.store.load_site();
  if (!site || site->languages.empty()) return "barometer";
  auto name = site->name.find(site->default_language().code);
  return name == site->name.end() || name->second.empty() ? "barometer" : name->second;
}

// "ABCD EFGH ...": the key in groups of four, easier to type.
std::string grouped(const std::string& key) {
  std::string out;
  for (std::size_t i = 0; i < key.size(); i += 4) out += (out.empty() ? "" : " ") + key.substr(i, 4);
  return out;
}

std::string device_of(const AdminDeps& deps, const AdminRequest& r, const StaffSession& s) {
  auto d = staff::summarize_user_agent(s.user_agent);
  const auto& catalogue = catalogue_for(deps, &r);
  std::string browser = d.browser.empty() ? catalogue.text("sessions_unknown_browser") : d.browser;
  std::string os = d.os.empty() ? catalogue.text("sessions_unknown_os") : d.os;
  return catalogue.format("sessions_device_summary", {{"browser", browser}, {"os", os}});
}

}  // namespace

Response enrolment_page(const AdminDeps& deps, const AdminRequest& r, const StaffUser& user, const std::string& csrf,
                        const std::string& action, const std::string& error_key, int status) {
  auto enrolment = deps.staff.start_enrolment(user, issuer_name(deps));
  if (!enrolment) {
    if (enrolment.code() == ErrorCode::conflict) return redirect("/admin/two-factor/");
    return error_page(deps, &r, 503, "error_unavailable");
  }
  auto qr = render::qr_svg(enrolment->otpauth_uri, tr(deps, r, "two_factor_qr_label"));
  render::View v = render::View::object();
  v["title"] = tr(deps, r, "two_factor_title");
  v["enrolling"] = true;
  v["qr"] = qr ? *qr : std::string();
  v["key"] = grouped(enrolment->secret);
  v["step_csrf"] = csrf;
  v["form_action"] = action;
  if (!error_key.empty()) v["code_error"] = tr(deps, r, error_key);
  return render_page(deps, &r, "two_factor", std::move(v), status);
}

Response recovery_codes_page(const AdminDeps& deps, const AdminRequest& r, const std::vector<std::string>& codes) {
  render::View v = render::View::object();
  v["title"] = tr(deps, r, "recovery_title");
  auto& list = v["codes"] = render::View::list();
  for (const auto& c : codes) list.push(render::View(c));
  return render_page(deps, &r, "recovery_codes", std::move(v));
}

Response two_factor_page(const AdminDeps& deps, const AdminRequest& r) {
  const StaffUser& user = r.auth->user;
  auto on = deps.staff.has_two_factor(user.id);
  if (!on) return error_page(deps, &r, 503, "error_unavailable");
  if (!*on) return enrolment_page(deps, r, user, r.auth->session.csrf_token, "/admin/two-factor/", "", 200);
  auto left = deps.staff.recovery_codes_left(user.id);
  render::View v = render::View::object();
  v["title"] = tr(deps, r, "two_factor_title");
  v["enabled"] = true;
  v["codes_left"] = catalogue_for(deps, &r).format("two_factor_codes_left", {}, {{"count", left ? *left : 0}});
  return render_page(deps, &r, "two_factor", std::move(v));
}

Response enrol_two_factor(const AdminDeps& deps, const AdminRequest& r) {
  auto codes = deps.staff.confirm_enrolment(r.auth->user, field(r.form, "code"));
  if (!codes) {
    if (codes.code() == ErrorCode::invalid)
      return enrolment_page(deps, r, r.auth->user, r.auth->session.csrf_token, "/admin/two-factor/", "code_wrong",
                            422);
    if (codes.code() == ErrorCode::conflict || codes.code() == ErrorCode::not_found)
      return redirect("/admin/two-factor/");
    return store_error_page(deps, r, codes.code());
  }
  return recovery_codes_page(deps, r, *codes);
}

Response sessions_page(const AdminDeps& deps, const AdminRequest& r) {
  auto sessions = deps.staff.sessions_of(r.auth->user.id);
  if (!sessions) return store_error_page(deps, r, sessions.code());
  render::View v = render::View::object();
  v["title"] = tr(deps, r, "sessions_title");
  v["ended"] = query_value(r.query, "ended").has_value();
  auto& list = v["sessions"] = render::View::list();
  for (const auto& s : *sessions) {
    render::View row = render::View::object();
    row["device"] = device_of(deps, r, s);
    row["ip"] = s.client_ip.empty() ? std::string("—") : s.client_ip;
    row["signed_in_at"] = to_iso(s.created_at);
    row["last_seen_at"] = to_iso(s.last_seen_at);
    row["current"] = s.token_hash == r.auth->session.token_hash;
    row["id"] = s.token_hash;
    list.push(std::move(row));
  }
  v["has_others"] = sessions->size() > 1;
  return render_page(deps, &r, "sessions", std::move(v));
}

Response end_sessions(const AdminDeps& deps, const AdminRequest& r) {
  const std::string action = field(r.form, "action");
  Status done;
  if (action == "end") {
    const std::string id = field(r.form, "session");
    // A session's own sign-out is the header's button; here only the others.
    if (id == r.auth->session.token_hash) return error_page(deps, &r, 400, "error_bad_request");
    done = deps.staff.end_session(r.auth->user, id);
    if (!done && done.code() == ErrorCode::not_found) return redirect("/admin/sessions/");
  } else if (action == "end_others") {
    auto ended = deps.staff.end_other_sessions(r.auth->user, r.auth->session.token_hash);
    if (!ended) done = ended.error();
  } else {
    return error_page(deps, &r, 400, "error_bad_request");
  }
  if (!done) return store_error_page(deps, r, done.code());
  return redirect("/admin/sessions/?ended=1");
}

namespace {

Response password_form(const AdminDeps& deps, const AdminRequest& r, const FieldErrors& errors, int status) {
  render::View v = render::View::object();
  v["title"] = tr(deps, r, "password_title");
  v["changed"] = status == 200 && query_value(r.query, "changed").has_value();
  for (const char* f : {"current_password", "password"}) v[std::string(f) + "_error"] = field_error(deps, r, errors, f);
  return render_page(deps, &r, "password", std::move(v), status);
}

}  // namespace

Response password_page(const AdminDeps& deps, const AdminRequest& r) { return password_form(deps, r, {}, 200); }

Response change_password(const AdminDeps& deps, const AdminRequest& r) {
  auto changed = deps.staff.change_own_password(r.auth->user, field(r.form, "current_password"),
                                                field(r.form, "password"), r.auth->session.token_hash,
                                                client_of(r.http));
  if (!changed) {
    if (changed.error().field == "password")
      return password_form(deps, r, {{"password", changed.code() == ErrorCode::conflict ? "password_same" : "invalid_password"}},
                           422);
    return store_error_page(deps, r, changed.code());
  }
  switch (*changed) {
    case staff::PasswordChange::changed:
      return redirect("/admin/password/?changed=1");
    case staff::PasswordChange::wrong_password:
      return password_form(deps, r, {{"current_password", "password_wrong"}}, 422);
    case staff::PasswordChange::throttled:
      return password_form(deps, r, {{"current_password", "password_throttled"}}, 429);
  }
  return store_error_page(deps, r, ErrorCode::unavailable);
}

}  // namespace barometer::web::admin
