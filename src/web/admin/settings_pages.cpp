// Site settings (admin only): the site's name and subject per language, its languages (from
// supported_languages(); the first is the default), and its time zone (an IANA name ICU knows).
// A language still used by content cannot be removed: the form says which, nothing changes.
#include <algorithm>
#include <set>

#include "i18n/languages.hpp"
#include "i18n/time_zone.hpp"
#include "web/admin/form.hpp"
#include "web/admin/manage_pages.hpp"

namespace barometer::web::admin {

namespace {

constexpr std::size_t kMaxSiteNameBytes = 200;

struct SettingsInput {
  std::vector<LangCode> languages;             // checked, in supported order
  LangCode default_language;
  PerLanguage<std::string> name, subject;      // as typed, per current site language
  std::string time_zone;
};

SettingsInput input_from(const Site& site) {
  SettingsInput in;
  for (const auto& l : site.languages) in.languages.push_back(l.code);
  in.default_language = site.languages.empty() ? "" : site.default_language().code;
  in.name = site.name;
  in.subject = site.subject;
  in.time_zone = site.time_zone;
  return in;
}

SettingsInput input_from(const QueryParams& form, const Site& site) {
  SettingsInput in;
  std::set<std::string> checked;
  for (const auto& [k, v] : form)
    if (k == "lang") checked.insert(v);
  for (const auto& l : supported_languages())
    if (checked.count(l.code)) in.languages.push_back(l.code);
  in.default_language = field(form, "default_lang");
  for (const auto& l : site.languages) {
    in.name[l.code] = trimmed(field(form, "name_" + l.code));
    in.subject[l.code] = trimmed(field(form, "subject_" + l.code));
  }
  in.time_zone = trimmed(field(form, "time_zone"));
  return in;
}

// Which of `removed` some topic, author or page is still written in (commentaries are caught by
// the store's foreign keys when it saves).
std::vector<LangCode> languages_in_use(Store& store, const std::vector<LangCode>& removed) {
  std::set<LangCode> used;
  auto mark = [&](const auto& text) {
    for (const auto& code : removed)
      if (text.count(code)) used.insert(code);
  };
  if (auto topics = store.list_topics())
    for (const auto& t : *topics) mark(t.text);
  if (auto authors = store.list_authors())
    for (const auto& a : *authors) mark(a.text);
  if (auto pages = store.list_pages())
    for (const auto& p : *pages) mark(p.text);
  return {used.begin(), used.end()};
}

std::string language_names(const std::vector<LangCode>& codes) {
  std::string out;
  for (const auto& code : codes) {
    const Language* l = find_supported_language(code);
    out += (out.empty() ? "" : ", ") + (l ? l->name : code);
  }
  return out;
}

// Validates `in` and builds the new Site from it and the current one.
FieldErrors validate(const SettingsInput& in, const Site& current, Site& out) {
  FieldErrors e;
  out = current;
  if (in.languages.empty()) e["languages"] = "settings_no_language";
  else if (std::find(in.languages.begin(), in.languages.end(), in.default_language) == in.languages.end())
    e["default_lang"] = "invalid_default_language";
  if (!is_valid_time_zone(in.time_zone)) e["time_zone"] = "invalid_time_zone";
  out.time_zone = in.time_zone;
  // Order: the default first, then the languages the site keeps in their order, then new ones.
  out.languages.clear();
  std::vector<LangCode> order;
  if (!in.default_language.empty() && !e.count("default_lang")) order.push_back(in.default_language);
  for (const auto& l : current.languages)
    if (std::count(in.languages.begin(), in.languages.end(), l.code) && !std::count(order.begin(), order.end(), l.code))
      order.push_back(l.code);
  for (const auto& code : in.languages)
    if (!std::count(order.begin(), order.end(), code)) order.push_back(code);
  for (const auto& code : order) {
    const Language* kept = current.language(code);
    const Language* known = find_supported_language(code);
    if (kept) out.languages.push_back(*kept);
    else if (known) out.languages.push_back(*known);
  }
  out.name.clear();
  out.subject.clear();
  const std::string fallback_name = in.name.count(in.default_language) ? in.name.at(in.default_language) : "";
  const std::string fallback_subject = in.subject.count(in.default_language) ? in.subject.at(in.default_language) : "";
  for (const auto& l : current.languages) {
    if (!out.language(l.code)) continue;  // being removed: its texts go with it
    const std::string& name = in.name.count(l.code) ? in.name.at(l.code) : fallback_name;
    if (name.empty() || name.size() > kMaxSiteNameBytes) e["name_" + l.code] = "invalid_site_name";
    const std::string& subject = in.subject.count(l.code) ? in.subject.at(l.code) : fallback_subject;
    if (subject.size() > kMaxSiteNameBytes) e["subject_" + l.code] = "invalid_site_name";
  }
  for (const auto& l : out.languages) {
    // A new language starts with the default language's texts; they can be translated next.
    auto name = in.name.find(l.code);
    auto subject = in.subject.find(l.code);
    out.name[l.code] = name != in.name.end() && !name->second.empty() ? name->second : fallback_name;
    out.subject[l.code] = subject != in.subject.end() && !subject->second.empty() ? subject->second : fallback_subject;
  }
  return e;
}

Response show_form(const AdminDeps& deps, const AdminRequest& r, const Site& site, const SettingsInput& in,
                   const FieldErrors& errors, const std::string& languages_message, int status) {
  render::View v = render::View::object();
  v["title"] = tr(deps, r, "settings_title");
  v["saved"] = query_value(r.query, "saved").has_value();
  v["has_errors"] = !errors.empty();
  auto& known = v["known_languages"] = render::View::list();
  for (const auto& l : supported_languages()) {
    render::View o = render::View::object();
    o["code"] = l.code;
    o["name"] = l.name;
    o["checked"] = std::count(in.languages.begin(), in.languages.end(), l.code) > 0;
    o["is_default"] = in.default_language == l.code;
    known.push(std::move(o));
  }
  v["languages_error"] = languages_message.empty() ? field_error(deps, r, errors, "languages")
                                                   : render::View(languages_message);
  v["default_error"] = field_error(deps, r, errors, "default_lang");
  auto& texts = v["texts"] = render::View::list();
  for (const auto& l : site.languages) {
    render::View o = render::View::object();
    o["code"] = l.code;
    o["name"] = l.name;
    auto name = in.name.find(l.code);
    auto subject = in.subject.find(l.code);
    o["site_name"] = name == in.name.end() ? std::string() : name->second;
    o["subject"] = subject == in.subject.end() ? std::string() : subject->second;
    o["name_error"] = field_error(deps, r, errors, "name_" + l.code);
    o["subject_error"] = field_error(deps, r, errors, "subject_" + l.code);
    texts.push(std::move(o));
  }
  v["time_zone"] = in.time_zone;
  v["time_zone_error"] = field_error(deps, r, errors, "time_zone");
  auto required = deps.staff_store.require_two_factor();
  v["require_two_factor"] = required && *required;
  return render_page(deps, &r, "settings", std::move(v), status);
}

}  // namespace

Response settings_form(const AdminDeps& deps, const AdminRequest& r) {
  auto site = deps.store.load_site();
  if (!site) return store_error_page(deps, r, site.code());
  return show_form(deps, r, *site, input_from(*site), {}, "", 200);
}

Response update_settings(const AdminDeps& deps, const AdminRequest& r) {
  auto site = deps.store.load_site();
  if (!site) return store_error_page(deps, r, site.code());
  SettingsInput in = input_from(r.form, *site);
  Site updated;
  FieldErrors errors = validate(in, *site, updated);
  std::vector<LangCode> removed;
  for (const auto& l : site->languages)
    if (!updated.language(l.code)) removed.push_back(l.code);
  std::string languages_message;
  auto refuse_removal = [&](const std::vector<LangCode>& codes) {
    errors["languages"] = "settings_language_in_use";
    languages_message = catalogue_for(deps, &r).format("settings_language_in_use", {{"languages", language_names(codes)}});
  };
  if (errors.empty() && !removed.empty())
    if (auto used = languages_in_use(deps.store, removed); !used.empty()) refuse_removal(used);
  if (errors.empty()) {
    // The service writes the settings and their audit line in one transaction.
    Status saved = deps.site_content.save_settings(r.auth->user, updated);
    if (saved) return redirect("/admin/settings/?saved=1");
    if (saved.code() == ErrorCode::forbidden) return error_page(deps, &r, 403, "error_forbidden");
    if (saved.code() == ErrorCode::unavailable) return error_page(deps, &r, 503, "error_unavailable");
    if (saved.code() == ErrorCode::conflict) refuse_removal(removed);  // a commentary still uses one
    else errors["languages"] = "invalid_save";
  }
  return show_form(deps, r, *site, in, errors, languages_message, 422);
}

}  // namespace barometer::web::admin

namespace barometer::web::admin {

// POST /admin/settings/two-factor: the sign-in policy lives with the staff accounts, not in the
// site's content row (docs/decisions/0015-staff-2fa.md), so it has a form of its own.
Response update_two_factor_policy(const AdminDeps& deps, const AdminRequest& r) {
  const std::string value = field(r.form, "require_two_factor");
  if (!value.empty() && value != "1") return error_page(deps, &r, 400, "error_bad_request");
  Status saved = deps.staff_admin.set_require_two_factor(r.auth->user, value == "1");
  if (!saved) return store_error_page(deps, r, saved.code());
  return redirect("/admin/settings/?saved=1");
}

}  // namespace barometer::web::admin
