// The week's board and the commentary editor.
#include <map>

#include "i18n/slug.hpp"
#include "render/markdown.hpp"
#include "services/staff/permissions.hpp"
#include "web/admin/admin_context.hpp"
#include "web/admin/form.hpp"

namespace barometer::web::admin {

namespace {

using render::View;

constexpr std::size_t kMaxTitle = 300;    // bytes
constexpr std::size_t kMaxLead = 1000;    // bytes
constexpr std::size_t kMaxBody = 200000;  // bytes

Period current_period(const Clock& clock) {
  return Period::containing(std::chrono::floor<std::chrono::days>(clock.now()));
}

std::string status_key(CommentaryStatus s) { return "status_" + std::string(to_string(s)); }

// What the editor form holds, exactly as typed (so nothing is lost on a validation error).
struct EditorInput {
  std::string topic, period, assessment, outlook;
  std::vector<std::string> authors;  // slugs
  std::map<LangCode, Translation> text;
};

EditorInput input_from(const Commentary& c, const std::vector<Topic>& topics, const std::vector<Author>& authors) {
  EditorInput in;
  for (const auto& t : topics)
    if (t.id == c.topic_id) in.topic = t.slug;
  in.period = c.period.id();
  in.assessment = std::string(to_string(c.assessment));
  in.outlook = std::string(to_string(c.outlook));
  for (Id id : c.author_ids)
    for (const auto& a : authors)
      if (a.id == id) in.authors.push_back(a.slug);
  for (const auto& [lang, tr] : c.translations) in.text[lang] = tr;
  return in;
}

EditorInput input_from(const QueryParams& form, const Site& site) {
  EditorInput in;
  in.topic = field(form, "topic");
  in.period = field(form, "period");
  in.assessment = field(form, "assessment");
  in.outlook = field(form, "outlook");
  for (const auto& [k, v] : form)
    if (k == "author") in.authors.push_back(v);
  for (const auto& lang : site.languages) {
    Translation t{field(form, "title_" + lang.code), field(form, "lead_" + lang.code),
                  field(form, "body_" + lang.code), field(form, "slug_" + lang.code)};
    if (!t.title.empty() || !t.lead.empty() || !t.body.empty() || !t.slug.empty()) in.text[lang.code] = t;
  }
  return in;
}

using Errors = std::map<std::string, std::string>;  // field name -> catalogue key

// Checks the input and fills `out` (keeping id, status and times of `out`). Slugs left empty are
// made from the title.
Errors validate(EditorInput& in, const std::vector<Topic>& topics, const std::vector<Author>& authors,
                Commentary& out) {
  Errors e;
  out.topic_id = 0;
  for (const auto& t : topics)
    if (t.slug == in.topic) out.topic_id = t.id;
  if (!out.topic_id) e["topic"] = "invalid_topic";
  if (auto p = Period::parse(in.period)) out.period = *p;
  else e["period"] = "invalid_period";
  if (auto a = parse_assessment(in.assessment)) out.assessment = *a;
  else e["assessment"] = "invalid_assessment";
  if (auto o = parse_outlook(in.outlook)) out.outlook = *o;
  else e["outlook"] = "invalid_outlook";
  out.author_ids.clear();
  for (const auto& slug : in.authors) {
    bool known = false;
    for (const auto& a : authors)
      if (a.slug == slug) {
        out.author_ids.push_back(a.id);
        known = true;
      }
    if (!known) e["authors"] = "invalid_author";
  }
  out.translations.clear();
  if (in.text.empty()) e["text"] = "invalid_no_language";
  for (auto& [lang, t] : in.text) {
    if (t.title.empty() || t.title.size() > kMaxTitle) e["title_" + lang] = "invalid_title";
    if (t.lead.empty() || t.lead.size() > kMaxLead) e["lead_" + lang] = "invalid_lead";
    if (t.body.size() > kMaxBody) e["body_" + lang] = "invalid_body";
    if (t.slug.empty()) t.slug = slugify(t.title);
    if (!is_valid_slug(t.slug)) e["slug_" + lang] = "invalid_slug";
    out.translations[lang] = t;
  }
  return e;
}

View editor_view(const AdminDeps& deps, const EditorInput& in, const Errors& errors, const Site& site,
                 const std::vector<Topic>& topics, const std::vector<Author>& authors) {
  View v = View::object();
  auto message = [&](const std::string& f) -> View {
    auto it = errors.find(f);
    return it == errors.end() ? View() : View(deps.catalogue.text(it->second));
  };
  v["has_errors"] = !errors.empty();
  auto& topic_list = v["topics"] = View::list();
  for (const auto& t : topics) {
    View o = View::object();
    o["slug"] = t.slug;
    auto name = t.text.find(site.languages.empty() ? "en" : site.languages.front().code);
    o["name"] = name != t.text.end() ? name->second.name : t.slug;
    o["selected"] = t.slug == in.topic;
    topic_list.push(std::move(o));
  }
  v["topic_error"] = message("topic");
  v["period"] = in.period;
  v["period_error"] = message("period");
  auto& assessments = v["assessments"] = View::list();
  for (const char* a : {"worse", "better", "unchanged"}) {
    View o = View::object();
    o["value"] = a;
    o["label"] = deps.catalogue.text(std::string("assessment_") + a);
    o["checked"] = in.assessment == a;
    assessments.push(std::move(o));
  }
  v["assessment_error"] = message("assessment");
  auto& outlooks = v["outlooks"] = View::list();
  for (const char* o : {"", "risk", "opportunity"}) {
    View x = View::object();
    x["value"] = o;
    x["label"] = deps.catalogue.text(std::string("outlook_") + (*o ? o : "none"));
    x["selected"] = in.outlook == o || (!*o && in.outlook == "none");
    outlooks.push(std::move(x));
  }
  v["outlook_error"] = message("outlook");
  auto& author_list = v["authors"] = View::list();
  for (const auto& a : authors) {
    View o = View::object();
    o["slug"] = a.slug;
    auto name = a.text.begin();
    o["name"] = name != a.text.end() ? name->second.name : a.slug;
    o["checked"] = std::find(in.authors.begin(), in.authors.end(), a.slug) != in.authors.end();
    author_list.push(std::move(o));
  }
  v["authors_error"] = message("authors");
  v["text_error"] = message("text");
  auto& langs = v["languages"] = View::list();
  for (const auto& lang : site.languages) {
    View o = View::object();
    auto it = in.text.find(lang.code);
    Translation t = it == in.text.end() ? Translation{} : it->second;
    o["code"] = lang.code;
    o["name"] = lang.name;
    o["title"] = t.title;
    o["lead"] = t.lead;
    o["body"] = t.body;
    o["slug"] = t.slug;
    o["title_error"] = message("title_" + lang.code);
    o["lead_error"] = message("lead_" + lang.code);
    o["body_error"] = message("body_" + lang.code);
    o["slug_error"] = message("slug_" + lang.code);
    langs.push(std::move(o));
  }
  return v;
}

struct Lists {
  Site site;
  std::vector<Topic> topics;
  std::vector<Author> authors;
};

Result<Lists> load_lists(Store& store) {
  auto site = store.load_site();
  if (!site) return site.error();
  auto topics = store.list_topics();
  if (!topics) return topics.error();
  auto authors = store.list_authors();
  if (!authors) return authors.error();
  return Lists{std::move(*site), std::move(*topics), std::move(*authors)};
}

Response show_editor(const AdminDeps& deps, const AdminRequest& r, const Lists& lists, const EditorInput& in,
                     const Errors& errors, const Commentary* existing, bool preview, int status) {
  View v = editor_view(deps, in, errors, lists.site, lists.topics, lists.authors);
  if (existing) {
    v["id"] = std::to_string(existing->id);
    v["action"] = "/admin/commentaries/" + std::to_string(existing->id) + "/";
    v["status"] = deps.catalogue.text(status_key(existing->status));
    v["is_published"] = existing->status == CommentaryStatus::published;
  } else {
    v["action"] = "/admin/commentaries/new";
    v["status"] = deps.catalogue.text("status_new");
  }
  v["saved"] = query_value(r.query, "saved").has_value();
  if (preview && errors.empty()) {
    auto& list = v["preview"] = View::list();
    for (const auto& [lang, t] : in.text) {
      View p = View::object();
      p["lang"] = lang;
      p["title"] = t.title;
      p["lead"] = t.lead;
      p["body_html"] = render::markdown_to_html(t.body);  // raw HTML in Markdown is never rendered
      list.push(std::move(p));
    }
  }
  return render_page(deps, &r, "editor", std::move(v), status);
}

// Applies the button the user pressed. Returns the catalogue key of a refusal, or "".
std::string apply_action(const AdminDeps& deps, const StaffUser& user, const std::string& action, Commentary& c) {
  bool may_publish = staff::role_allows(user.role, staff::Permission::publish);
  if (action == "save" || action == "preview") return "";
  if (action == "submit") {
    c.status = CommentaryStatus::review;
    return "";
  }
  if (action == "publish" || action == "unpublish") {
    if (!may_publish) return "error_forbidden";
    c.status = action == "publish" ? CommentaryStatus::published : CommentaryStatus::draft;
    if (action == "publish") c.published_at = deps.clock.now();
    else c.published_at.reset();
    return "";
  }
  return "error_bad_request";
}

Response save(const AdminDeps& deps, const AdminRequest& r, std::optional<Commentary> existing) {
  auto lists = load_lists(deps.store);
  if (!lists) return error_page(deps, &r, 503, "error_unavailable");
  const StaffUser& user = r.auth->user;
  std::string action = field(r.form, "action");
  if (action.empty()) action = "save";
  // Refuse a forbidden button before anything is validated or written.
  if ((action == "publish" || action == "unpublish") && !staff::role_allows(user.role, staff::Permission::publish))
    return error_page(deps, &r, 403, "error_forbidden");
  EditorInput in = input_from(r.form, lists->site);
  Commentary c = existing ? *existing : Commentary{};
  Errors errors = validate(in, lists->topics, lists->authors, c);
  if (!errors.empty()) return show_editor(deps, r, *lists, in, errors, existing ? &*existing : nullptr, false, 422);
  if (action == "preview") return show_editor(deps, r, *lists, in, errors, existing ? &*existing : nullptr, true, 200);
  if (auto refusal = apply_action(deps, user, action, c); !refusal.empty())
    return error_page(deps, &r, refusal == "error_forbidden" ? 403 : 400, refusal);
  c.updated_at = deps.clock.now();
  Id id = c.id;
  if (existing) {
    if (auto s = deps.store.update_commentary(c); !s) {
      Errors e{{"period", s.code() == ErrorCode::conflict ? "conflict_commentary" : "invalid_store"}};
      return show_editor(deps, r, *lists, in, e, &*existing, false, s.code() == ErrorCode::unavailable ? 503 : 422);
    }
  } else {
    auto added = deps.store.add_commentary(c);
    if (!added) {
      Errors e{{"period", added.code() == ErrorCode::conflict ? "conflict_commentary" : "invalid_store"}};
      return show_editor(deps, r, *lists, in, e, nullptr, false, added.code() == ErrorCode::unavailable ? 503 : 422);
    }
    id = *added;
    (void)deps.staff_store.set_commentary_owner(id, user.id);
  }
  return redirect("/admin/commentaries/" + std::to_string(id) + "/?saved=1");
}

// The commentary named by {id}, if this user may edit it; else the error response.
std::variant<Commentary, Response> editable(const AdminDeps& deps, const AdminRequest& r) {
  Id id = 0;
  const std::string& text = r.params.get("id");
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return error_page(deps, &r, 404, "error_not_found");
  id = std::stoll(text);
  auto c = deps.store.get_commentary(id);
  if (!c) return error_page(deps, &r, c.code() == ErrorCode::not_found ? 404 : 503,
                            c.code() == ErrorCode::not_found ? "error_not_found" : "error_unavailable");
  auto owner = deps.staff_store.commentary_owner(id);
  if (!staff::may_edit_commentary(r.auth->user, owner ? *owner : 0, c->status))
    return error_page(deps, &r, 403, "error_forbidden");
  return std::move(*c);
}

}  // namespace

Response board_page(const AdminDeps& deps, const AdminRequest& r) {
  Period period = current_period(deps.clock);
  if (auto q = query_value(r.query, "period")) {
    auto p = Period::parse(*q);
    if (!p) return error_page(deps, &r, 400, "invalid_period");
    period = *p;
  }
  auto lists = load_lists(deps.store);
  if (!lists) return error_page(deps, &r, 503, "error_unavailable");
  CommentaryFilter filter;
  filter.period = period;
  filter.published_only = false;
  auto found = deps.store.find_commentaries(filter);
  if (!found) return error_page(deps, &r, 503, "error_unavailable");
  View v = View::object();
  v["period"] = period.id();
  v["period_start"] = to_iso(period.start());
  v["period_end"] = to_iso(period.end());
  v["previous"] = period.previous().id();
  v["next"] = period.next().id();
  auto& langs = v["languages"] = View::list();
  for (const auto& l : lists->site.languages) langs.push(View(l.code));
  auto& rows = v["rows"] = View::list();
  for (const auto& t : lists->topics) {
    View row = View::object();
    auto name = t.text.find(lists->site.languages.empty() ? "en" : lists->site.languages.front().code);
    row["topic"] = name != t.text.end() ? name->second.name : t.slug;
    const Commentary* c = nullptr;
    for (const auto& x : *found)
      if (x.topic_id == t.id) c = &x;
    auto& cells = row["cells"] = View::list();
    std::vector<std::string> missing;
    for (const auto& l : lists->site.languages) {
      View cell = View::object();
      bool has = c && c->translations.count(l.code);
      cell["present"] = has;
      cell["lang"] = l.code;
      if (has) cell["title"] = c->translations.at(l.code).title;
      else missing.push_back(l.code);
      cells.push(std::move(cell));
    }
    if (c) {
      row["exists"] = true;
      row["status"] = deps.catalogue.text(status_key(c->status));
      row["status_code"] = std::string(to_string(c->status));
      row["marker"] = deps.catalogue.text("assessment_" + std::string(to_string(c->assessment)));
      row["edit"] = "/admin/commentaries/" + std::to_string(c->id) + "/";
    } else {
      row["write"] = "/admin/commentaries/new?topic=" + percent_encode(t.slug) + "&period=" + period.id();
    }
    std::string m;
    for (const auto& code : missing) m += (m.empty() ? "" : ", ") + code;
    row["missing"] = m;
    rows.push(std::move(row));
  }
  return render_page(deps, &r, "board", std::move(v));
}

Response new_commentary_form(const AdminDeps& deps, const AdminRequest& r) {
  auto lists = load_lists(deps.store);
  if (!lists) return error_page(deps, &r, 503, "error_unavailable");
  EditorInput in;
  in.topic = field(r.query, "topic");
  in.period = field(r.query, "period");
  if (in.period.empty()) in.period = current_period(deps.clock).id();
  in.assessment = "unchanged";
  return show_editor(deps, r, *lists, in, {}, nullptr, false, 200);
}

Response create_commentary(const AdminDeps& deps, const AdminRequest& r) { return save(deps, r, std::nullopt); }

Response edit_commentary_form(const AdminDeps& deps, const AdminRequest& r) {
  auto c = editable(deps, r);
  if (auto* resp = std::get_if<Response>(&c)) return std::move(*resp);
  auto lists = load_lists(deps.store);
  if (!lists) return error_page(deps, &r, 503, "error_unavailable");
  const auto& commentary = std::get<Commentary>(c);
  return show_editor(deps, r, *lists, input_from(commentary, lists->topics, lists->authors), {}, &commentary, false,
                     200);
}

Response update_commentary(const AdminDeps& deps, const AdminRequest& r) {
  auto c = editable(deps, r);
  if (auto* resp = std::get_if<Response>(&c)) return std::move(*resp);
  return save(deps, r, std::get<Commentary>(std::move(c)));
}

}  // namespace barometer::web::admin
