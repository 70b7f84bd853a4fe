// /admin/commentaries/?q=… : the back office's text search of commentaries, drafts and
// everything else in progress included (site_search::CommentarySearch, docs/decisions/0017).
// Titles are plain-text parts; the template escapes each and marks the matching ones.
#include "services/search/commentary_search.hpp"
#include "web/admin/admin_context.hpp"
#include "web/admin/form.hpp"

namespace barometer::web::admin {

namespace {

using render::View;

// The first site language's name of a topic, else its slug.
std::string topic_name(const std::vector<Topic>& topics, const Site& site, Id id) {
  for (const auto& t : topics) {
    if (t.id != id) continue;
    auto name = t.text.find(site.languages.empty() ? "en" : site.languages.front().code);
    return name != t.text.end() ? name->second.name : t.slug;
  }
  return "";
}

}  // namespace

Response commentary_search_page(const AdminDeps& deps, const AdminRequest& r) {
  const std::string q = field(r.query, "q");  // any text: the parser bounds and quotes it
  auto site = deps.store.load_site();
  if (!site) return error_page(deps, &r, 503, "error_unavailable");
  auto topics = deps.store.list_topics();
  if (!topics) return error_page(deps, &r, 503, "error_unavailable");
  site_search::CommentarySearch search(deps.store, deps.db.search());
  auto outcome = search.run(q);
  if (!outcome) return error_page(deps, &r, 503, "error_unavailable");
  const Catalogue& cat = catalogue_for(deps, &r);
  View v = View::object();
  v["title"] = cat.text("commentaries_title");
  v["q"] = q;
  v["searched"] = outcome->has_words;
  v["needs_word"] = !outcome->has_words && q.find_first_not_of(" \t\r\n") != std::string::npos;
  v["truncated"] = outcome->truncated;
  v["more"] = outcome->more;
  v["none"] = outcome->has_words && outcome->found.empty();
  auto& rows = v["found"] = View::list();
  for (const auto& f : outcome->found) {
    View row = View::object();
    auto& title = row["title"] = View::list();
    for (const auto& part : f.title)
      title.push(View(View::Object{{"text", View(part.text)}, {"marked", View(part.marked)}}));
    row["lang"] = f.lang;
    row["period"] = f.period.id();
    row["board"] = "/admin/?period=" + f.period.id();
    row["topic"] = topic_name(*topics, *site, f.topic_id);
    row["status"] = cat.text("status_" + std::string(to_string(f.status)));
    row["status_code"] = std::string(to_string(f.status));
    row["edit"] = "/admin/commentaries/" + std::to_string(f.commentary_id) + "/";
    rows.push(std::move(row));
  }
  return render_page(deps, &r, "commentaries", std::move(v));
}

}  // namespace barometer::web::admin
