// Static pages ("About monitoring"): the list in navigation order, the create and edit forms.
// Per language: slug (made from the title when left empty, transliterated), title, Markdown body.
#include <algorithm>

#include "i18n/slug.hpp"
#include "web/admin/form.hpp"
#include "web/admin/manage_pages.hpp"

namespace barometer::web::admin {

namespace {

constexpr std::size_t kMaxTitleBytes = 300;
constexpr std::size_t kMaxBodyBytes = 200000;

struct PageInput {
  std::string key;
  std::string position;
  PerLanguage<PageText> text;  // every site language, as typed
};

PageInput input_from(const Page& p) {
  PageInput in{p.key, std::to_string(p.position), p.text};
  return in;
}

PageInput input_from(const QueryParams& form, const Site& site) {
  PageInput in;
  in.key = trimmed(field(form, "key"));
  in.position = trimmed(field(form, "position"));
  for (const auto& l : site.languages)
    in.text[l.code] = {trimmed(field(form, "slug_" + l.code)), trimmed(field(form, "title_" + l.code)),
                       field(form, "body_" + l.code)};
  return in;
}

FieldErrors validate(PageInput& in, const Site& site, const std::vector<Page>& all, Page& out) {
  FieldErrors e;
  if (!is_valid_slug(in.key)) e["key"] = "invalid_key";
  for (const auto& other : all)
    if (other.id != out.id && other.key == in.key) e["key"] = "conflict_key";
  out.key = in.key;
  if (auto position = parse_small_int(in.position)) out.position = *position;
  else e["position"] = "invalid_position";
  out.text.clear();
  const LangCode first = site.languages.empty() ? "en" : site.languages.front().code;
  for (auto& [lang, t] : in.text) {
    bool blank = t.slug.empty() && t.title.empty() && trimmed(t.body).empty();
    if (blank && lang != first) continue;
    if (t.title.empty()) e["title_" + lang] = "invalid_title";
    else if (t.title.size() > kMaxTitleBytes) e["title_" + lang] = "invalid_title";
    if (t.body.size() > kMaxBodyBytes) e["body_" + lang] = "invalid_body";
    if (t.slug.empty() && !t.title.empty()) t.slug = slugify(t.title);
    if (!is_valid_slug(t.slug)) e["slug_" + lang] = "invalid_slug";
    // Public paths that /{lang}/{slug}/ would never reach: the router matches them first.
    for (const char* reserved : {"dynamics", "topics", "authors"})
      if (t.slug == reserved) e["slug_" + lang] = "invalid_slug_reserved";
    for (const auto& other : all) {
      auto o = other.text.find(lang);
      if (other.id != out.id && o != other.text.end() && o->second.slug == t.slug) e["slug_" + lang] = "conflict_slug";
    }
    out.text[lang] = t;
  }
  return e;
}

Response show_form(const AdminDeps& deps, const AdminRequest& r, const Site& site, const PageInput& in,
                   const FieldErrors& errors, const Page* existing, int status) {
  render::View v = render::View::object();
  v["title"] = tr(deps, r, existing ? "page_edit_title" : "page_new_title");
  v["action"] = existing ? "/admin/pages/" + percent_encode(existing->key) + "/" : std::string("/admin/pages/new");
  v["saved"] = query_value(r.query, "saved").has_value();
  v["has_errors"] = !errors.empty();
  v["key"] = in.key;
  v["key_error"] = field_error(deps, r, errors, "key");
  v["position"] = in.position;
  v["position_error"] = field_error(deps, r, errors, "position");
  auto& langs = v["languages"] = render::View::list();
  for (std::size_t i = 0; i < site.languages.size(); ++i) {
    const auto& l = site.languages[i];
    auto it = in.text.find(l.code);
    PageText t = it == in.text.end() ? PageText{} : it->second;
    render::View o = render::View::object();
    o["code"] = l.code;
    o["name"] = l.name;
    o["required"] = i == 0;
    o["slug"] = t.slug;
    o["page_title"] = t.title;
    o["body"] = t.body;
    if (existing && existing->text.count(l.code)) o["public_href"] = "/" + l.code + "/" + existing->text.at(l.code).slug + "/";
    for (const char* f : {"slug", "title", "body"}) o[std::string(f) + "_error"] = field_error(deps, r, errors, f + ("_" + l.code));
    langs.push(std::move(o));
  }
  return render_page(deps, &r, "page_form", std::move(v), status);
}

const Page* find_by_key(const std::vector<Page>& pages, const std::string& key) {
  auto it = std::find_if(pages.begin(), pages.end(), [&](const Page& p) { return p.key == key; });
  return it == pages.end() ? nullptr : &*it;
}

Response save(const AdminDeps& deps, const AdminRequest& r, bool create) {
  auto site = deps.store.load_site();
  if (!site) return store_error_page(deps, r, site.code());
  auto all = deps.store.list_pages();
  if (!all) return store_error_page(deps, r, all.code());
  const Page* existing = create ? nullptr : find_by_key(*all, r.params.get("key"));
  if (!create && !existing) return error_page(deps, &r, 404, "error_not_found");
  Page page = existing ? *existing : Page{};
  PageInput in = input_from(r.form, *site);
  FieldErrors errors = validate(in, *site, *all, page);
  if (errors.empty()) {
    // The service writes the page and its audit line in one transaction.
    Status saved = Status();
    if (create) {
      if (auto added = deps.site_content.add_page(r.auth->user, page); !added) saved = added.error();
    } else {
      saved = deps.site_content.update_page(r.auth->user, page, *existing);
    }
    if (saved) return redirect("/admin/pages/" + percent_encode(page.key) + "/?saved=1");
    if (saved.code() == ErrorCode::forbidden) return error_page(deps, &r, 403, "error_forbidden");
    if (saved.code() == ErrorCode::unavailable) return error_page(deps, &r, 503, "error_unavailable");
    errors["key"] = saved.code() == ErrorCode::conflict ? "conflict_page" : "invalid_save";
  }
  return show_form(deps, r, *site, in, errors, existing, 422);
}

}  // namespace

Response page_list_page(const AdminDeps& deps, const AdminRequest& r) {
  auto site = deps.store.load_site();
  if (!site) return store_error_page(deps, r, site.code());
  auto pages = deps.store.list_pages();
  if (!pages) return store_error_page(deps, r, pages.code());
  render::View v = render::View::object();
  v["title"] = tr(deps, r, "pages_title");
  auto& rows = v["pages"] = render::View::list();
  for (const auto& p : *pages) {
    render::View row = render::View::object();
    row["key"] = p.key;
    row["position"] = std::to_string(p.position);
    auto title = p.text.find(r.lang);
    if (title == p.text.end()) title = p.text.find(site->default_language().code);
    if (title == p.text.end()) title = p.text.begin();
    row["title"] = title == p.text.end() ? p.key : title->second.title;
    row["href"] = "/admin/pages/" + percent_encode(p.key) + "/";
    std::string missing;
    for (const auto& l : site->languages)
      if (!p.text.count(l.code)) missing += (missing.empty() ? "" : ", ") + l.code;
    row["missing"] = missing;
    rows.push(std::move(row));
  }
  return render_page(deps, &r, "pages", std::move(v));
}

Response new_page_form(const AdminDeps& deps, const AdminRequest& r) {
  auto site = deps.store.load_site();
  if (!site) return store_error_page(deps, r, site.code());
  auto all = deps.store.list_pages();
  if (!all) return store_error_page(deps, r, all.code());
  int last = 0;
  for (const auto& p : *all) last = std::max(last, p.position);
  PageInput in;
  in.position = std::to_string(last + 1);
  return show_form(deps, r, *site, in, {}, nullptr, 200);
}

Response create_page(const AdminDeps& deps, const AdminRequest& r) { return save(deps, r, true); }

Response edit_page_form(const AdminDeps& deps, const AdminRequest& r) {
  auto site = deps.store.load_site();
  if (!site) return store_error_page(deps, r, site.code());
  auto all = deps.store.list_pages();
  if (!all) return store_error_page(deps, r, all.code());
  const Page* page = find_by_key(*all, r.params.get("key"));
  if (!page) return error_page(deps, &r, 404, "error_not_found");
  return show_form(deps, r, *site, input_from(*page), {}, page, 200);
}

Response update_page(const AdminDeps& deps, const AdminRequest& r) { return save(deps, r, false); }

}  // namespace barometer::web::admin
