#include "web/routes/search_page.hpp"

#include <algorithm>

#include "domain/text.hpp"
#include "web/routes/public_pages.hpp"
#include "web/views/page_views.hpp"

namespace barometer::web::routes {

namespace {

using render::View;

// The page's query as read: each value as given (the form shows it back), and what it means.
struct SearchParams {
  std::string q, lang, topic, author, assessment, outlook, from, to;
  int page = 1;
};

// The query string of `p` (without defaults), for links that keep the search: pagination,
// suggestions, the language switcher. `page` 1 is left out.
std::string query_string(const SearchParams& p, int page) {
  std::string out;
  auto add = [&](const char* name, const std::string& value) {
    if (value.empty()) return;
    out += (out.empty() ? "?" : "&") + std::string(name) + "=" + percent_encode(value);
  };
  add("q", p.q);
  add("lang", p.lang);
  add("topic", p.topic);
  add("author", p.author);
  add("assessment", p.assessment);
  add("outlook", p.outlook);
  add("from", p.from);
  add("to", p.to);
  if (page > 1) add("page", std::to_string(page));
  return out;
}

std::string search_path(const LangCode& lang) { return "/" + lang + "/search"; }

View parts_view(const std::vector<search::TextPart>& parts) {
  View list = View::list();
  for (const auto& p : parts) list.push(View(View::Object{{"text", View(p.text)}, {"marked", View(p.marked)}}));
  return list;
}

// One <select>'s options: {value, label, selected}.
View options(const std::vector<std::pair<std::string, std::string>>& values, const std::string& selected) {
  View list = View::list();
  for (const auto& [value, label] : values)
    list.push(View(View::Object{{"value", View(value)}, {"label", View(label)}, {"selected", View(value == selected)}}));
  return list;
}

}  // namespace

View search_box_view(const PageEnv& env, const std::string& q) {
  return View(View::Object{{"action", View(search_path(env.lang()))}, {"q", View(q)}});
}

Response search_page(const PageEnv& env, const site_search::SiteSearch& search, const QueryParams& query) {
  SearchParams p;
  for (auto [name, field] : std::initializer_list<std::pair<const char*, std::string*>>{
           {"q", &p.q}, {"lang", &p.lang}, {"topic", &p.topic}, {"author", &p.author}, {"assessment", &p.assessment},
           {"outlook", &p.outlook}, {"from", &p.from}, {"to", &p.to}})
    *field = query_value(query, name).value_or("");
  auto page = parse_page_number(query);
  if (!page) return error_page(env, 400);
  p.page = *page;

  site_search::SearchInput in;
  in.q = p.q;
  in.page = p.page;
  SearchRequest& f = in.filters;
  // The page's language unless another, or every one ("all"), is asked for.
  if (p.lang.empty()) f.lang = env.lang();
  else if (p.lang != "all") {
    if (!env.snap.site.language(p.lang)) return error_page(env, 400);
    f.lang = p.lang;
  }
  if (!p.topic.empty()) {
    const Topic* t = env.snap.topic(p.topic);
    if (!t) return error_page(env, 400);
    f.topic_id = t->id;
  }
  if (!p.author.empty()) {
    const Author* a = env.snap.author(p.author);
    if (!a) return error_page(env, 400);
    f.author_id = a->id;
  }
  if (!p.assessment.empty()) {
    f.assessment = parse_assessment(p.assessment);
    if (!f.assessment) return error_page(env, 400);
  }
  if (!p.outlook.empty()) {
    f.outlook = parse_outlook(p.outlook);
    if (!f.outlook || *f.outlook == Outlook::none) return error_page(env, 400);
  }
  for (auto [value, into] : {std::pair{&p.from, &f.from}, std::pair{&p.to, &f.to}}) {
    if (value->empty()) continue;
    auto period = Period::parse(*value);
    if (!period) return error_page(env, 400);
    *into = *period;
  }

  auto outcome = search.run(in);
  if (!outcome) return error_page(env, outcome.error().code == ErrorCode::invalid ? 400 : 503);
  if (outcome->pages > 0 && p.page > outcome->pages) return error_page(env, 404);

  views::PageMeta meta;
  meta.title = p.q.empty() ? env.msg("search.title") : env.cat.format("search.title_for", {{"query", p.q}});
  meta.description = env.msg("search.description");
  meta.path = search_path(env.lang()) + query_string(p, p.page);
  for (const auto& language : env.snap.site.languages)
    meta.translations[language.code] = search_path(language.code) + query_string(p, p.page);
  if (p.page > 1) meta.prev_path = search_path(env.lang()) + query_string(p, p.page - 1);
  if (p.page < outcome->pages) meta.next_path = search_path(env.lang()) + query_string(p, p.page + 1);
  meta.nav_current = "search";
  View v = views::page_frame(env, meta);
  v["search_box"] = search_box_view(env, p.q);

  View& s = v["search"];
  s["q"] = p.q;
  s["action"] = search_path(env.lang());
  // The filters, each option marked as chosen when it is.
  std::vector<std::pair<std::string, std::string>> langs = {{"all", env.msg("search.all_languages")}};
  for (const auto& language : env.snap.site.languages) langs.emplace_back(language.code, language.name);
  s["languages"] = options(langs, p.lang.empty() ? env.lang() : p.lang);
  std::vector<std::pair<std::string, std::string>> topics = {{"", env.msg("search.any_topic")}};
  for (const auto& t : env.snap.topics)
    if (auto text = t.text.find(env.lang()); text != t.text.end()) topics.emplace_back(t.slug, text->second.name);
  s["topics"] = options(topics, p.topic);
  std::vector<std::pair<std::string, std::string>> authors = {{"", env.msg("search.any_author")}};
  for (const auto& a : env.snap.authors)
    if (auto text = a.text.find(env.lang()); text != a.text.end()) authors.emplace_back(a.slug, text->second.name);
  s["authors"] = options(authors, p.author);
  s["assessments"] = options({{"", env.msg("search.any_assessment")},
                              {"worse", env.msg("marker.worse")},
                              {"better", env.msg("marker.better")},
                              {"unchanged", env.msg("marker.unchanged")}},
                             p.assessment);
  s["outlooks"] = options({{"", env.msg("search.any_outlook")},
                           {"risk", env.msg("outlook.risk")},
                           {"opportunity", env.msg("outlook.opportunity")}},
                          p.outlook);
  s["from"] = p.from;
  s["to"] = p.to;

  s["has_words"] = outcome->has_words;
  s["needs_word"] = outcome->needs_word;
  s["truncated"] = outcome->truncated;
  s["count"] = env.cat.format(outcome->has_words ? "search.count" : "search.archive_count", {},
                              {{"count", outcome->total}});
  View results = View::list();
  for (const auto& line : outcome->lines) {
    const SearchHit& h = line.hit;
    const Topic* topic = env.snap.topic(h.topic_id);
    if (!topic) continue;
    View r = View::object();
    r["period"] = views::period_view(env, h.period);
    if (auto text = topic->text.find(env.lang()); text != topic->text.end())
      r["topic"] = View(View::Object{{"name", View(text->second.name)}, {"href", View(views::topic_path(env.lang(), *topic))}});
    r["marker"] = views::marker_view(h.assessment, h.outlook, env.cat);
    r["href"] = views::commentary_path(h.lang, *topic, Translation{h.title, "", "", h.slug});
    r["title"] = parts_view(line.title);
    r["snippet"] = parts_view(line.snippet);
    if (h.lang != env.lang()) {
      r["text_lang"] = h.lang;
      const Language* language = env.snap.site.language(h.lang);
      r["language_name"] = language ? language->name : h.lang;
    }
    results.push(std::move(r));
  }
  s["results"] = std::move(results);
  s["empty"] = outcome->total == 0;

  // Nothing found: where the same words would be.
  View suggestions = View::list();
  if (outcome->in_all_languages > 0) {
    SearchParams all = p;
    all.lang = "all";
    all.page = 1;
    suggestions.push(View(View::Object{
        {"href", View(search_path(env.lang()) + query_string(all, 1))},
        {"text", View(env.cat.format("search.suggest_languages", {}, {{"count", outcome->in_all_languages}}))}}));
  }
  if (outcome->in_all_periods > 0) {
    SearchParams wider = p;
    wider.from.clear();
    wider.to.clear();
    suggestions.push(View(View::Object{
        {"href", View(search_path(env.lang()) + query_string(wider, 1))},
        {"text", View(env.cat.format("search.suggest_periods", {}, {{"count", outcome->in_all_periods}}))}}));
  }
  s["has_suggestions"] = outcome->in_all_languages > 0 || outcome->in_all_periods > 0;
  s["suggestions"] = std::move(suggestions);

  if (outcome->pages > 1) {
    View pg = View::object();  // by relevance, so "previous" and "next", not "newer" and "older"
    pg["status"] = env.cat.format("pagination.status", {}, {{"page", p.page}, {"pages", outcome->pages}});
    pg["newer"] = p.page > 1 ? View(search_path(env.lang()) + query_string(p, p.page - 1)) : View();
    pg["older"] = p.page < outcome->pages ? View(search_path(env.lang()) + query_string(p, p.page + 1)) : View();
    s["pager"] = std::move(pg);
  }
  return html_response(env, "search", v);
}

}  // namespace barometer::web::routes
