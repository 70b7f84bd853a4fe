// Staff accounts (admin only): the list, adding an account (the same rules as `barometer user
// add`, through StaffService), and per account: change role, disable/enable, set a new password,
// sign out every session, reset two-factor (a lost phone).
// An admin cannot disable or demote themself, so the back office always keeps an admin.
#include "services/staff/permissions.hpp"
#include "web/admin/form.hpp"
#include "web/admin/manage_pages.hpp"

namespace barometer::web::admin {

namespace {

constexpr Role kRoles[] = {Role::analyst, Role::editor, Role::admin};

render::View role_options(const AdminDeps& deps, const AdminRequest& r, const std::string& selected) {
  render::View list = render::View::list();
  for (Role role : kRoles) {
    render::View o = render::View::object();
    std::string code(to_string(role));
    o["value"] = code;
    o["label"] = tr(deps, r, "role_" + code);
    o["selected"] = code == selected;
    list.push(std::move(o));
  }
  return list;
}

// Where the service's error goes on the form (Error::field), and which message it shows.
std::pair<std::string, std::string> field_of(const Error& error) {
  if (error.field == "email") return {"email", error.code == ErrorCode::conflict ? "conflict_email" : "invalid_email"};
  if (error.field == "name") return {"name", "invalid_staff_name"};
  if (error.field == "role") return {"role", "invalid_role"};
  if (error.field == "password") return {"password", "invalid_password"};
  return {"email", "invalid_save"};
}

Response show_new_form(const AdminDeps& deps, const AdminRequest& r, const staff::NewStaffUser& in,
                       const FieldErrors& errors, int status) {
  render::View v = render::View::object();
  v["title"] = tr(deps, r, "staff_new_title");
  v["has_errors"] = !errors.empty();
  v["email"] = in.email;
  v["name"] = in.name;
  v["roles"] = role_options(deps, r, in.role.empty() ? "analyst" : in.role);
  for (const char* f : {"email", "name", "role", "password"})
    v[std::string(f) + "_error"] = field_error(deps, r, errors, f);
  return render_page(deps, &r, "staff_new", std::move(v), status);
}

std::optional<Id> id_param(const AdminRequest& r) {
  const std::string& text = r.params.get("id");
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(text);
}

Response show_user(const AdminDeps& deps, const AdminRequest& r, const StaffUser& u, const FieldErrors& errors,
                   int status) {
  render::View v = render::View::object();
  v["title"] = u.name;
  v["action"] = "/admin/staff/" + std::to_string(u.id) + "/";
  v["saved"] = query_value(r.query, "saved").has_value();
  v["has_errors"] = !errors.empty();
  v["email"] = u.email;
  v["name"] = u.name;
  v["role"] = tr(deps, r, "role_" + std::string(to_string(u.role)));
  v["roles"] = role_options(deps, r, std::string(to_string(u.role)));
  v["disabled"] = u.disabled;
  v["is_self"] = u.id == r.auth->user.id;
  auto two_factor = deps.staff.has_two_factor(u.id);
  v["two_factor"] = two_factor && *two_factor;
  for (const char* f : {"role", "state", "password"}) v[std::string(f) + "_error"] = field_error(deps, r, errors, f);
  return render_page(deps, &r, "staff_user", std::move(v), status);
}

}  // namespace

Response staff_list_page(const AdminDeps& deps, const AdminRequest& r) {
  auto users = deps.staff_store.list_users();
  if (!users) return store_error_page(deps, r, users.code());
  render::View v = render::View::object();
  v["title"] = tr(deps, r, "staff_title");
  auto& list = v["users"] = render::View::list();
  for (const auto& u : *users) {
    render::View row = render::View::object();
    row["email"] = u.email;
    row["name"] = u.name;
    row["role"] = tr(deps, r, "role_" + std::string(to_string(u.role)));
    row["disabled"] = u.disabled;
    row["href"] = "/admin/staff/" + std::to_string(u.id) + "/";
    list.push(std::move(row));
  }
  return render_page(deps, &r, "staff", std::move(v));
}

Response new_staff_form(const AdminDeps& deps, const AdminRequest& r) { return show_new_form(deps, r, {}, {}, 200); }

Response create_staff(const AdminDeps& deps, const AdminRequest& r) {
  staff::NewStaffUser in{trimmed(field(r.form, "email")), trimmed(field(r.form, "name")), field(r.form, "role"),
                         field(r.form, "password")};
  // The service hashes the password, then writes the account and its audit line in one transaction.
  auto added = deps.staff_admin.add(r.auth->user, in);
  if (!added) {
    if (added.code() == ErrorCode::unavailable) return error_page(deps, &r, 503, "error_unavailable");
    if (added.code() == ErrorCode::forbidden) return error_page(deps, &r, 403, "error_forbidden");
    auto [name, key] = field_of(added.error());
    in.password.clear();  // never echoed back into the page
    return show_new_form(deps, r, in, {{name, key}}, 422);
  }
  return redirect("/admin/staff/" + std::to_string(added->id) + "/?saved=1");
}

Response edit_staff_form(const AdminDeps& deps, const AdminRequest& r) {
  auto id = id_param(r);
  if (!id) return error_page(deps, &r, 404, "error_not_found");
  auto user = deps.staff_store.get_user(*id);
  if (!user) return store_error_page(deps, r, user.code());
  return show_user(deps, r, *user, {}, 200);
}

Response update_staff(const AdminDeps& deps, const AdminRequest& r) {
  auto id = id_param(r);
  if (!id) return error_page(deps, &r, 404, "error_not_found");
  auto user = deps.staff_store.get_user(*id);
  if (!user) return store_error_page(deps, r, user.code());
  const bool self = user->id == r.auth->user.id;
  const std::string action = field(r.form, "action");
  // Each change and its audit line, one transaction (staff::StaffAdmin). `invalid` names the
  // one rule each action can break: demoting or disabling oneself, a password too weak.
  Status done;
  if (action == "role") {
    auto role = parse_role(field(r.form, "role"));
    if (!role) return show_user(deps, r, *user, {{"role", "invalid_role"}}, 422);
    done = deps.staff_admin.set_role(r.auth->user, user->id, *role);
    if (!done && done.code() == ErrorCode::invalid) return show_user(deps, r, *user, {{"role", "staff_self_demote"}}, 422);
  } else if (action == "disable" || action == "enable") {
    done = deps.staff_admin.set_disabled(r.auth->user, user->id, action == "disable");
    if (!done && done.code() == ErrorCode::invalid)
      return show_user(deps, r, *user, {{"state", "staff_self_disable"}}, 422);
  } else if (action == "password") {
    // One's own new password keeps this session and ends the others.
    done = deps.staff_admin.set_password(r.auth->user, user->id, field(r.form, "password"),
                                         self ? r.auth->session.token_hash : "");
    if (!done && done.code() == ErrorCode::invalid)
      return show_user(deps, r, *user, {{"password", "invalid_password"}}, 422);
  } else if (action == "end_sessions") {
    done = deps.staff_admin.end_sessions(r.auth->user, user->id);
    if (done && self) return redirect("/admin/login");
  } else if (action == "reset_two_factor") {
    done = deps.staff_admin.reset_two_factor(r.auth->user, user->id, self ? r.auth->session.token_hash : "");
  } else {
    return error_page(deps, &r, 400, "error_bad_request");
  }
  if (!done && done.code() == ErrorCode::forbidden) return error_page(deps, &r, 403, "error_forbidden");
  if (!done) return store_error_page(deps, r, done.code());
  return redirect("/admin/staff/" + std::to_string(user->id) + "/?saved=1");
}

}  // namespace barometer::web::admin
