// Internal to web/admin: the form shared by topics and authors, both "a slug plus, per language,
// a name and a longer text" (Topic: description; Author: bio). `Kind` supplies the differences:
//
//   struct Kind {
//     using Entity = Topic;  using Text = TopicText;
//     static constexpr const char* kName = "topic";          // audit "topic.update", template ids
//     static constexpr const char* kBase = "/admin/topics/";
//     static constexpr const char* kTitleKey, kNewKey, kTextKey;  // catalogue keys of labels
//     static std::string& text_of(Text&);  static const std::string& text_of(const Text&);
//     static Result<std::vector<Entity>> list(Store&);
//     static Status add(editorial::SiteContent&, const StaffUser&, const Entity&);
//     static Status update(editorial::SiteContent&, const StaffUser&, const Entity&, const Entity& was);
//   };
// The template is themes/admin/templates/named_form.mustache.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "i18n/slug.hpp"
#include "web/admin/form.hpp"
#include "web/admin/manage_pages.hpp"

namespace barometer::web::admin {

constexpr std::size_t kMaxNameBytes = 200;
constexpr std::size_t kMaxLongTextBytes = 4000;

template <class Kind>
struct NamedInput {
  std::string slug;
  PerLanguage<typename Kind::Text> text;  // every site language, as typed (possibly empty)
};

template <class Kind>
NamedInput<Kind> named_input(const typename Kind::Entity& e) {
  return {e.slug, e.text};
}

template <class Kind>
NamedInput<Kind> named_input(const QueryParams& form, const Site& site) {
  NamedInput<Kind> in;
  in.slug = trimmed(field(form, "slug"));
  for (const auto& l : site.languages) {
    typename Kind::Text t;
    t.name = trimmed(field(form, "name_" + l.code));
    Kind::text_of(t) = trimmed(field(form, "text_" + l.code));
    in.text[l.code] = std::move(t);
  }
  return in;
}

// Checks `in` against the rules and the other stored entities (slug unique); fills `out`'s slug
// and texts (languages left blank are dropped). An empty slug is made from the default
// language's name.
template <class Kind>
FieldErrors validate_named(NamedInput<Kind>& in, const Site& site, const std::vector<typename Kind::Entity>& all,
                           typename Kind::Entity& out) {
  FieldErrors e;
  const LangCode first = site.languages.empty() ? "en" : site.languages.front().code;
  if (in.slug.empty() && !in.text[first].name.empty()) in.slug = slugify(in.text[first].name);
  if (!is_valid_slug(in.slug)) e["slug"] = "invalid_slug";
  for (const auto& other : all)
    if (other.id != out.id && other.slug == in.slug) e["slug"] = "conflict_slug";
  out.slug = in.slug;
  out.text.clear();
  for (const auto& [lang, t] : in.text) {
    const std::string& long_text = Kind::text_of(t);
    bool blank = t.name.empty() && long_text.empty();
    if (blank && lang != first) continue;
    if (t.name.empty()) e["name_" + lang] = "invalid_name_required";
    else if (t.name.size() > kMaxNameBytes) e["name_" + lang] = "invalid_name_long";
    if (long_text.size() > kMaxLongTextBytes) e["text_" + lang] = "invalid_text_long";
    out.text[lang] = t;
  }
  return e;
}

template <class Kind>
Response show_named_form(const AdminDeps& deps, const AdminRequest& r, const Site& site, const NamedInput<Kind>& in,
                         const FieldErrors& errors, const typename Kind::Entity* existing, int status) {
  render::View v = render::View::object();
  v["title"] = tr(deps, r, existing ? Kind::kTitleKey : Kind::kNewKey);
  v["kind"] = Kind::kName;
  v["base"] = Kind::kBase;
  v["action"] = existing ? std::string(Kind::kBase) + percent_encode(existing->slug) + "/"
                         : std::string(Kind::kBase) + "new";
  v["saved"] = query_value(r.query, "saved").has_value();
  v["has_errors"] = !errors.empty();
  v["slug"] = in.slug;
  v["slug_error"] = field_error(deps, r, errors, "slug");
  v["text_label"] = tr(deps, r, Kind::kTextKey);
  auto& langs = v["languages"] = render::View::list();
  for (std::size_t i = 0; i < site.languages.size(); ++i) {
    const auto& l = site.languages[i];
    auto it = in.text.find(l.code);
    typename Kind::Text t = it == in.text.end() ? typename Kind::Text{} : it->second;
    render::View o = render::View::object();
    o["code"] = l.code;
    o["name"] = l.name;
    o["required"] = i == 0;
    o["name_value"] = t.name;
    o["text_value"] = Kind::text_of(t);
    o["name_error"] = field_error(deps, r, errors, "name_" + l.code);
    o["text_error"] = field_error(deps, r, errors, "text_" + l.code);
    langs.push(std::move(o));
  }
  return render_page(deps, &r, "named_form", std::move(v), status);
}

template <class Kind>
Response save_named(const AdminDeps& deps, const AdminRequest& r, bool create) {
  auto site = deps.store.load_site();
  if (!site) return store_error_page(deps, r, site.code());
  auto all = Kind::list(deps.store);
  if (!all) return store_error_page(deps, r, all.code());
  typename Kind::Entity entity{};
  const typename Kind::Entity* existing = nullptr;
  if (!create) {
    for (const auto& x : *all)
      if (x.slug == r.params.get("slug")) existing = &x;
    if (!existing) return error_page(deps, &r, 404, "error_not_found");
    entity = *existing;
  }
  auto in = named_input<Kind>(r.form, *site);
  FieldErrors errors = validate_named<Kind>(in, *site, *all, entity);
  if (errors.empty()) {
    // The service writes the entity and its audit line in one transaction.
    Status saved = create ? Kind::add(deps.site_content, r.auth->user, entity)
                          : Kind::update(deps.site_content, r.auth->user, entity, *existing);
    if (saved) return redirect(std::string(Kind::kBase) + percent_encode(entity.slug) + "/?saved=1");
    if (saved.code() == ErrorCode::forbidden) return error_page(deps, &r, 403, "error_forbidden");
    if (saved.code() == ErrorCode::unavailable) return error_page(deps, &r, 503, "error_unavailable");
    errors["slug"] = saved.code() == ErrorCode::conflict ? "conflict_slug" : "invalid_save";
  }
  return show_named_form<Kind>(deps, r, *site, in, errors, existing, 422);
}

template <class Kind>
Response named_form_page(const AdminDeps& deps, const AdminRequest& r, bool create) {
  auto site = deps.store.load_site();
  if (!site) return store_error_page(deps, r, site.code());
  if (create) return show_named_form<Kind>(deps, r, *site, NamedInput<Kind>{}, {}, nullptr, 200);
  auto all = Kind::list(deps.store);
  if (!all) return store_error_page(deps, r, all.code());
  for (const auto& x : *all)
    if (x.slug == r.params.get("slug")) return show_named_form<Kind>(deps, r, *site, named_input<Kind>(x), {}, &x, 200);
  return error_page(deps, &r, 404, "error_not_found");
}

}  // namespace barometer::web::admin
