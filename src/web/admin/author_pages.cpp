// Authors: the list (by slug) and the create and edit forms.
#include "web/admin/named_form.hpp"

namespace barometer::web::admin {

namespace {

struct AuthorKind {
  using Entity = Author;
  using Text = AuthorText;
  static constexpr const char* kName = "author";
  static constexpr const char* kBase = "/admin/authors/";
  static constexpr const char* kTitleKey = "author_edit_title";
  static constexpr const char* kNewKey = "author_new_title";
  static constexpr const char* kTextKey = "author_bio";
  static std::string& text_of(Text& t) { return t.bio; }
  static const std::string& text_of(const Text& t) { return t.bio; }
  static Result<std::vector<Author>> list(Store& s) { return s.list_authors(); }
  static Status add(editorial::SiteContent& c, const StaffUser& by, const Author& x) {
    if (auto added = c.add_author(by, x); !added) return added.error();
    return {};
  }
  static Status update(editorial::SiteContent& c, const StaffUser& by, const Author& x, const Author& was) {
    return c.update_author(by, x, was);
  }
};

}  // namespace

Response author_list_page(const AdminDeps& deps, const AdminRequest& r) {
  auto site = deps.store.load_site();
  if (!site) return store_error_page(deps, r, site.code());
  auto authors = deps.store.list_authors();
  if (!authors) return store_error_page(deps, r, authors.code());
  render::View v = render::View::object();
  v["title"] = tr(deps, r, "authors_title");
  auto& rows = v["authors"] = render::View::list();
  for (const auto& a : *authors) {
    render::View row = render::View::object();
    row["slug"] = a.slug;
    row["name"] = display_name(a.text, r, *site, a.slug);
    row["href"] = "/admin/authors/" + percent_encode(a.slug) + "/";
    std::string missing;
    for (const auto& l : site->languages)
      if (!a.text.count(l.code)) missing += (missing.empty() ? "" : ", ") + l.code;
    row["missing"] = missing;
    rows.push(std::move(row));
  }
  return render_page(deps, &r, "authors", std::move(v));
}

Response new_author_form(const AdminDeps& deps, const AdminRequest& r) {
  return named_form_page<AuthorKind>(deps, r, true);
}
Response create_author(const AdminDeps& deps, const AdminRequest& r) { return save_named<AuthorKind>(deps, r, true); }
Response edit_author_form(const AdminDeps& deps, const AdminRequest& r) {
  return named_form_page<AuthorKind>(deps, r, false);
}
Response update_author(const AdminDeps& deps, const AdminRequest& r) { return save_named<AuthorKind>(deps, r, false); }

}  // namespace barometer::web::admin
