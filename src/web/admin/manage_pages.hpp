// Internal to web/admin: the pages that manage the site's content and setup. Routes and the
// permission each needs are registered in admin_site.cpp (add_manage_routes):
//   /admin/topics/   list in order, new, {slug}/ edit, {slug}/move (up/down)   manage_content
//   /admin/authors/  list, new, {slug}/ edit                                 manage_content
//   /admin/pages/    list, new, {key}/ edit                                  manage_content
//   /admin/settings/ site names, subject, languages, default, time zone      manage_staff
//   /admin/staff/    list, new, {id}/ role, disable/enable, new password     manage_staff
// Every handler runs after authentication, the permission check and (for POST) the CSRF check.
// A form with errors comes back with status 422, every typed value kept and a message next to
// each bad field; a successful POST redirects (303) with ?saved=1 and writes an audit line.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "web/admin/admin_context.hpp"

namespace barometer::web::admin {

Response topic_list_page(const AdminDeps& deps, const AdminRequest& request);
Response new_topic_form(const AdminDeps& deps, const AdminRequest& request);
Response create_topic(const AdminDeps& deps, const AdminRequest& request);
Response edit_topic_form(const AdminDeps& deps, const AdminRequest& request);
Response update_topic(const AdminDeps& deps, const AdminRequest& request);
Response move_topic(const AdminDeps& deps, const AdminRequest& request);

Response author_list_page(const AdminDeps& deps, const AdminRequest& request);
Response new_author_form(const AdminDeps& deps, const AdminRequest& request);
Response create_author(const AdminDeps& deps, const AdminRequest& request);
Response edit_author_form(const AdminDeps& deps, const AdminRequest& request);
Response update_author(const AdminDeps& deps, const AdminRequest& request);

Response page_list_page(const AdminDeps& deps, const AdminRequest& request);
Response new_page_form(const AdminDeps& deps, const AdminRequest& request);
Response create_page(const AdminDeps& deps, const AdminRequest& request);
Response edit_page_form(const AdminDeps& deps, const AdminRequest& request);
Response update_page(const AdminDeps& deps, const AdminRequest& request);

Response settings_form(const AdminDeps& deps, const AdminRequest& request);
Response update_settings(const AdminDeps& deps, const AdminRequest& request);
// The sign-in policy: editors and admins must have two-factor (a form of its own on the settings page).
Response update_two_factor_policy(const AdminDeps& deps, const AdminRequest& request);

Response staff_list_page(const AdminDeps& deps, const AdminRequest& request);
Response new_staff_form(const AdminDeps& deps, const AdminRequest& request);
Response create_staff(const AdminDeps& deps, const AdminRequest& request);
Response edit_staff_form(const AdminDeps& deps, const AdminRequest& request);
Response update_staff(const AdminDeps& deps, const AdminRequest& request);

// --- Helpers shared by the pages above (manage_form.cpp).

// Field name ("slug", "name_be") -> catalogue key of the message shown next to it.
using FieldErrors = std::map<std::string, std::string>;

// The message for `name` in the request's language, or an empty View (nothing rendered).
render::View field_error(const AdminDeps& deps, const AdminRequest& request, const FieldErrors& errors,
                         const std::string& name);
// A store failure as a page: 404 for not_found, 503 for unavailable, else 422 "invalid_save".
Response store_error_page(const AdminDeps& deps, const AdminRequest& request, ErrorCode code);
// "12" -> 12; nullopt for anything but an optional '-' and 1..9 digits.
std::optional<int> parse_small_int(const std::string& text);
// Trims spaces, tabs and line breaks at both ends (typed values are stored trimmed).
std::string trimmed(std::string_view text);
// A name for display in the request's language: that text, else the default language's, else
// the first one, else `fallback`.
template <class Text>
std::string display_name(const PerLanguage<Text>& text, const AdminRequest& request, const Site& site,
                         const std::string& fallback) {
  for (const LangCode* code : {&request.lang, site.languages.empty() ? nullptr : &site.languages.front().code}) {
    if (!code) continue;
    auto it = text.find(*code);
    if (it != text.end() && !it->second.name.empty()) return it->second.name;
  }
  return text.empty() || text.begin()->second.name.empty() ? fallback : text.begin()->second.name;
}

}  // namespace barometer::web::admin
