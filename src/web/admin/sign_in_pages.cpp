// The sign-in's second step (the code of an authenticator app, or a recovery code) and the forced
// enrolment of an editor or admin without two-factor when the policy requires it
// (docs/decisions/0015-staff-2fa.md). Both work on the half-signed-in session of the
// kPendingCookie, which grants nothing else; its CSRF token guards their forms.
#include "web/admin/admin_context.hpp"
#include "web/admin/form.hpp"

namespace barometer::web::admin {

namespace {

// The half-signed-in session behind the request's pending cookie, at `stage`.
std::optional<Authenticated> pending_at(const AdminDeps& deps, const Request& request, SessionStage stage) {
  auto token = cookie_value(request, kPendingCookie);
  if (!token) return std::nullopt;
  auto found = deps.staff.pending(*token);
  if (!found || found->session.stage != stage) return std::nullopt;
  return std::move(*found);
}

bool csrf_ok(const Authenticated& pending, const AdminRequest& r) {
  return staff::StaffService::csrf_matches(pending.session, field(r.form, "_csrf"));
}

Response show_code_form(const AdminDeps& deps, const AdminRequest& r, const Authenticated& pending,
                        const std::string& error_key, int status) {
  render::View v = render::View::object();
  v["title"] = tr(deps, r, "code_title");
  v["step_csrf"] = pending.session.csrf_token;
  if (!error_key.empty()) v["error"] = tr(deps, r, error_key);
  return render_page(deps, &r, "login_code", std::move(v), status);
}

// The signed-in session's cookie replaces the pending one; the audit line of the sign-in.
void finish_sign_in(const AdminDeps& deps, const AdminRequest& r, const staff::SignedIn& signed_in, Response& resp) {
  Authenticated auth{signed_in.session, signed_in.user};
  AdminRequest as_user = r;
  as_user.auth = &auth;
  record_audit(deps, as_user, "session.sign_in", "user:" + std::to_string(signed_in.user.id));
  resp.headers.push_back({"Set-Cookie", admin_cookie(deps, kSessionCookie, signed_in.token, "SameSite=Lax")});
  resp.headers.push_back({"Set-Cookie", admin_cookie(deps, kPendingCookie, "", "SameSite=Strict; Max-Age=0")});
}

}  // namespace

std::string pending_step(const AdminDeps& deps, const Request& request) {
  auto token = cookie_value(request, kPendingCookie);
  if (!token) return "";
  auto found = deps.staff.pending(*token);
  if (!found) return "";
  return found->session.stage == SessionStage::code ? "/admin/login/code" : "/admin/login/enrol";
}

Response code_form(const AdminDeps& deps, const AdminRequest& r) {
  auto pending = pending_at(deps, r.http, SessionStage::code);
  if (!pending) return redirect("/admin/login");
  return show_code_form(deps, r, *pending, "", 200);
}

Response submit_code(const AdminDeps& deps, const AdminRequest& r) {
  auto pending = pending_at(deps, r.http, SessionStage::code);
  if (!pending) return redirect("/admin/login");
  if (!csrf_ok(*pending, r)) return error_page(deps, nullptr, 403, "error_csrf");
  auto token = cookie_value(r.http, kPendingCookie);
  auto result = deps.staff.verify_code(*token, field(r.form, "code"), client_of(r.http));
  if (!result.signed_in) {
    switch (result.failure) {
      case staff::SignInFailure::unavailable: return show_code_form(deps, r, *pending, "error_unavailable", 503);
      case staff::SignInFailure::throttled: return show_code_form(deps, r, *pending, "code_failed", 429);
      case staff::SignInFailure::rejected: return show_code_form(deps, r, *pending, "code_failed", 401);
    }
  }
  Response resp = redirect("/admin/");
  finish_sign_in(deps, r, *result.signed_in, resp);
  return resp;
}

Response forced_enrolment_form(const AdminDeps& deps, const AdminRequest& r) {
  auto pending = pending_at(deps, r.http, SessionStage::enrol);
  if (!pending) return redirect("/admin/login");
  return enrolment_page(deps, r, pending->user, pending->session.csrf_token, "/admin/login/enrol", "", 200);
}

Response submit_forced_enrolment(const AdminDeps& deps, const AdminRequest& r) {
  auto pending = pending_at(deps, r.http, SessionStage::enrol);
  if (!pending) return redirect("/admin/login");
  if (!csrf_ok(*pending, r)) return error_page(deps, nullptr, 403, "error_csrf");
  auto token = cookie_value(r.http, kPendingCookie);
  std::vector<std::string> codes;
  auto signed_in = deps.staff.finish_enrolment(*token, field(r.form, "code"), client_of(r.http), codes);
  if (!signed_in) {
    if (signed_in.code() == ErrorCode::invalid)
      return enrolment_page(deps, r, pending->user, pending->session.csrf_token, "/admin/login/enrol", "code_wrong", 422);
    if (signed_in.code() == ErrorCode::not_found) return redirect("/admin/login");
    return error_page(deps, nullptr, 503, "error_unavailable");
  }
  Authenticated auth{signed_in->session, signed_in->user};
  AdminRequest as_user = r;
  as_user.auth = &auth;
  Response resp = recovery_codes_page(deps, as_user, codes);
  finish_sign_in(deps, r, *signed_in, resp);
  return resp;
}

}  // namespace barometer::web::admin
