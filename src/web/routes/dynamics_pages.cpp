#include "web/routes/dynamics_pages.hpp"

#include <set>

#include "web/routes/public_pages.hpp"
#include "web/views/dynamics_views.hpp"
#include "web/views/page_views.hpp"

namespace barometer::web::routes {

using render::View;
using views::DynamicsRange;

namespace {

constexpr DynamicsRange kDefaultRange = DynamicsRange::year;
constexpr DynamicsRange kRanges[] = {DynamicsRange::year, DynamicsRange::three_years, DynamicsRange::all};

std::string dynamics_path(const LangCode& lang) { return "/" + lang + "/dynamics/"; }

Response store_failure(const PageEnv& env, const Error& error) {
  return error_page(env, error.code == ErrorCode::not_found || error.code == ErrorCode::invalid ? 404 : 503);
}

// The canonical query of a selection: the range unless it is the default, then the chosen
// topics in site order (none when all are chosen).
std::string selection_query(const PageEnv& env, DynamicsRange range, const std::set<Id>& chosen) {
  std::string q;
  if (range != kDefaultRange) q = "range=" + std::string(views::to_string(range));
  if (chosen.size() < env.snap.topics.size())
    for (const auto& t : env.snap.topics)
      if (chosen.count(t.id)) q += (q.empty() ? "" : "&") + std::string("topic=") + percent_encode(t.slug);
  return q;
}

}  // namespace

Response dynamics_page(const PageEnv& env, const QueryParams& query) {
  for (const auto& [key, value] : query)
    if (key != "range" && key != "topic") return error_page(env, 400);
  auto range = views::parse_range(query, kDefaultRange);
  if (!range) return error_page(env, 400);
  std::set<Id> chosen;
  for (const auto& [key, value] : query) {
    if (key != "topic") continue;
    const Topic* topic = env.snap.topic(value);
    if (!topic) return error_page(env, 400);
    chosen.insert(topic->id);
  }
  if (chosen.empty())
    for (const auto& t : env.snap.topics) chosen.insert(t.id);

  std::vector<Id> ids;
  std::vector<std::size_t> rows;
  for (const auto& t : env.snap.topics) {
    if (chosen.count(t.id)) rows.push_back(ids.size());
    ids.push_back(t.id);
  }
  auto loaded = views::load_dynamics(env, *range, ids, false);  // charts and tables: no links
  if (!loaded) return store_failure(env, loaded.error());

  const std::string q = selection_query(env, *range, chosen);
  views::PageMeta meta;
  meta.title = env.msg("dynamics.title");
  meta.description = env.msg("dynamics.lead");
  meta.path = dynamics_path(env.lang()) + (q.empty() ? "" : "?" + q);
  meta.nav_current = "dynamics";
  for (const auto& language : env.snap.site.languages)
    meta.translations[language.code] = dynamics_path(language.code) + (q.empty() ? "" : "?" + q);
  View v = views::page_frame(env, meta);
  View& d = v["dynamics"];
  d["path"] = dynamics_path(env.lang());
  d["ranges"] = View::list();
  for (DynamicsRange r : kRanges)
    d["ranges"].push(View(View::Object{{"value", View(std::string(views::to_string(r)))},
                                       {"label", View(views::range_name(env, r))},
                                       {"checked", View(r == *range)}}));
  d["topics"] = View::list();
  for (const auto& t : env.snap.topics) {
    auto text = t.text.find(env.lang());
    d["topics"].push(View(View::Object{{"slug", View(t.slug)},
                                       {"name", View(text != t.text.end() ? text->second.name : t.slug)},
                                       {"checked", View(chosen.count(t.id) > 0)}}));
  }
  d["csv"] = "/data/markers.csv";
  d["json"] = "/data/markers.json";
  d["data"] = View();
  if (loaded->has_value()) {
    const Dynamics& dyn = **loaded;
    View data = View::object();
    const std::string span = views::span_text(env, dyn);
    data["range_name"] = views::range_name(env, *range);
    data["span"] = span;
    data["index"] = views::index_chart_view(env, dyn, rows, "dynamics-index");
    data["matrix"] = views::matrix_view(env, dyn, "dynamics-matrix");
    data["summary"] = views::summary_view(env, dyn);
    data["summary_caption"] = env.cat.format("dynamics.summary_caption", {{"range", span}});
    data["years"] = views::years_view(env, dyn);
    data["years_caption"] = env.cat.format("dynamics.years_caption", {{"range", span}});
    data["table"] = views::weeks_table_view(env, dyn);
    data["table_caption"] = env.cat.format("dynamics.table_caption", {{"range", span}});
    d["data"] = std::move(data);
  }
  return html_response(env, "dynamics", v);
}

Result<View> topic_dynamics(const PageEnv& env, const Topic& topic, const QueryParams& query) {
  auto range = views::parse_range(query, kDefaultRange);
  if (!range) return invalid("?range= must be 1y, 3y or all");
  auto loaded = views::load_dynamics(env, *range, {topic.id}, true);  // the strip links each week
  if (!loaded) return loaded.error();
  if (!loaded->has_value()) return View();
  const Dynamics& dyn = **loaded;
  View v = View::object();
  const std::string base = views::topic_path(env.lang(), topic);
  v["ranges"] = View::list();
  for (DynamicsRange r : kRanges)
    v["ranges"].push(View(View::Object{
        {"label", View(views::range_name(env, r))},
        {"href", View(r == kDefaultRange ? base : base + "?range=" + std::string(views::to_string(r)))},
        {"current", View(r == *range)}}));
  v["range_name"] = views::range_name(env, *range);
  v["span"] = views::span_text(env, dyn);
  v["strip"] = views::strip_view(env, topic, dyn, 0, topic.slug);
  v["chart"] = views::index_chart_view(env, dyn, {0}, "topic-index");
  v["summary"] = views::summary_view(env, dyn);
  v["compare_href"] = dynamics_path(env.lang()) +
                      (*range == kDefaultRange ? "" : "?range=" + std::string(views::to_string(*range)));
  return v;
}

}  // namespace barometer::web::routes
