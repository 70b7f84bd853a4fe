// Topics: the list in home-page order with move up/down buttons, the create and edit forms.
#include "web/admin/named_form.hpp"

namespace barometer::web::admin {

namespace {

struct TopicKind {
  using Entity = Topic;
  using Text = TopicText;
  static constexpr const char* kName = "topic";
  static constexpr const char* kBase = "/admin/topics/";
  static constexpr const char* kTitleKey = "topic_edit_title";
  static constexpr const char* kNewKey = "topic_new_title";
  static constexpr const char* kTextKey = "topic_description";
  static std::string& text_of(Text& t) { return t.description; }
  static const std::string& text_of(const Text& t) { return t.description; }
  static Result<std::vector<Topic>> list(Store& s) { return s.list_topics(); }
  static Status add(editorial::SiteContent& c, const StaffUser& by, const Topic& x) {
    if (auto added = c.add_topic(by, x); !added) return added.error();
    return {};
  }
  static Status update(editorial::SiteContent& c, const StaffUser& by, const Topic& x, const Topic& was) {
    return c.update_topic(by, x, was);
  }
};

}  // namespace

Response topic_list_page(const AdminDeps& deps, const AdminRequest& r) {
  auto site = deps.store.load_site();
  if (!site) return store_error_page(deps, r, site.code());
  auto topics = deps.store.list_topics();
  if (!topics) return store_error_page(deps, r, topics.code());
  render::View v = render::View::object();
  v["title"] = tr(deps, r, "topics_title");
  v["moved"] = query_value(r.query, "moved").has_value();
  auto& rows = v["topics"] = render::View::list();
  for (std::size_t i = 0; i < topics->size(); ++i) {
    const Topic& t = (*topics)[i];
    render::View row = render::View::object();
    row["slug"] = t.slug;
    row["name"] = display_name(t.text, r, *site, t.slug);
    row["href"] = "/admin/topics/" + percent_encode(t.slug) + "/";
    row["move"] = "/admin/topics/" + percent_encode(t.slug) + "/move";
    row["can_up"] = i > 0;
    row["can_down"] = i + 1 < topics->size();
    std::string missing;
    for (const auto& l : site->languages)
      if (!t.text.count(l.code)) missing += (missing.empty() ? "" : ", ") + l.code;
    row["missing"] = missing;
    rows.push(std::move(row));
  }
  return render_page(deps, &r, "topics", std::move(v));
}

Response new_topic_form(const AdminDeps& deps, const AdminRequest& r) {
  return named_form_page<TopicKind>(deps, r, true);
}
Response create_topic(const AdminDeps& deps, const AdminRequest& r) { return save_named<TopicKind>(deps, r, true); }
Response edit_topic_form(const AdminDeps& deps, const AdminRequest& r) {
  return named_form_page<TopicKind>(deps, r, false);
}
Response update_topic(const AdminDeps& deps, const AdminRequest& r) { return save_named<TopicKind>(deps, r, false); }

// Moves the topic up or down the home page (editorial::SiteContent::move_topic renumbers).
Response move_topic(const AdminDeps& deps, const AdminRequest& r) {
  std::string direction = field(r.form, "direction");
  if (direction != "up" && direction != "down") return error_page(deps, &r, 400, "error_bad_request");
  const std::string& slug = r.params.get("slug");
  Status s = deps.site_content.move_topic(r.auth->user, slug,
                                          direction == "up" ? editorial::Move::up : editorial::Move::down);
  if (!s) return store_error_page(deps, r, s.code());  // not_found: no such topic
  return redirect("/admin/topics/?moved=" + percent_encode(slug) + "#topic-" + percent_encode(slug));
}

}  // namespace barometer::web::admin
