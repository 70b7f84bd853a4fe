#include "web/views/dynamics_views.hpp"

#include <algorithm>
#include <map>

#include "i18n/date_format.hpp"
#include "render/svg_chart.hpp"
#include "web/views/page_views.hpp"

namespace barometer::web::views {

using render::View;

namespace {

constexpr int kYearPeriods = 52;
constexpr int kThreeYearPeriods = 156;
constexpr std::size_t kYearTicksFrom = 105;  // longer ranges are labelled by year, shorter by date
constexpr std::size_t kDateTicks = 6;
constexpr std::size_t kMaxTooltipCells = 160;  // per-cell <title>s up to about three years

std::string topic_name(const PageEnv& env, const Topic& topic) {
  auto it = topic.text.find(env.lang());
  return it != topic.text.end() ? it->second.name : topic.slug;
}

std::string signed_number(int v) {
  return (v > 0 ? "+" : v < 0 ? "\xE2\x88\x92" : "") + std::to_string(v < 0 ? -v : v);
}

std::string short_range(const PageEnv& env, const Period& p) {
  return format_date_range(p.start(), p.end(), env.icu(), DateStyle::short_);
}

std::string icon(std::optional<Assessment> a) {
  if (!a) return "□";
  return *a == Assessment::worse ? "▼" : *a == Assessment::better ? "▲" : "■";
}

std::string state_key(std::optional<Assessment> a) { return a ? std::string(to_string(*a)) : "none"; }

// Axis labels: the first week of each ISO year for long ranges, else a few evenly spaced dates.
std::vector<render::SvgTick> ticks(const PageEnv& env, const std::vector<Period>& periods) {
  std::vector<render::SvgTick> out;
  const std::size_t n = periods.size();
  if (n >= kYearTicksFrom) {
    for (std::size_t i = 0; i < n; ++i)
      if (periods[i].week() == 1) out.push_back({i, std::to_string(periods[i].iso_year())});
    return out;
  }
  const std::size_t step = std::max<std::size_t>(1, (n + kDateTicks - 1) / kDateTicks);
  for (std::size_t i = 0; i < n; i += step) out.push_back({i, format_date(periods[i].start(), env.icu(), DateStyle::short_)});
  return out;
}

std::string run_text(const PageEnv& env, const std::optional<Run>& run) {
  if (!run) return env.msg("dynamics.no_run");
  return env.cat.format("dynamics.run", {{"range", format_date_range(run->first.start(), run->last.end(), env.icu(), DateStyle::short_)}},
                        {{"count", run->length}});
}

// The canonical URL of a marker's commentary for a reader of env.lang(): its page in that
// language, else in the first site language that has it (as the period-addressed URL redirects);
// "" when it has no translation in any site language.
std::string marker_path(const PageEnv& env, const Topic& topic, const Marker& m) {
  if (const MarkerText* text = m.text(env.lang())) return topic_path(env.lang(), topic) + percent_encode(text->slug) + "/";
  for (const auto& language : env.snap.site.languages)
    if (const MarkerText* text = m.text(language.code))
      return topic_path(language.code, topic) + percent_encode(text->slug) + "/";
  return {};
}

const Topic* topic_of(const PageEnv& env, const TopicDynamics& t) { return env.snap.topic(t.topic_id); }

std::vector<Id> all_topic_ids(const PageEnv& env) {
  std::vector<Id> ids;
  for (const auto& t : env.snap.topics) ids.push_back(t.id);
  return ids;
}

// The chart style of a topic: its position among the site's topics, so it keeps its look
// whichever topics are selected.
int style_of(const PageEnv& env, Id topic_id) {
  for (std::size_t i = 0; i < env.snap.topics.size(); ++i)
    if (env.snap.topics[i].id == topic_id) return static_cast<int>(i % 6) + 1;
  return 0;
}

}  // namespace

std::string_view to_string(DynamicsRange range) {
  switch (range) {
    case DynamicsRange::year: return "1y";
    case DynamicsRange::three_years: return "3y";
    case DynamicsRange::all: return "all";
  }
  return "1y";
}

std::optional<DynamicsRange> parse_range(const QueryParams& query, DynamicsRange fallback) {
  int seen = 0;
  std::optional<DynamicsRange> found = fallback;
  for (const auto& [key, value] : query) {
    if (key != "range") continue;
    if (++seen > 1) return std::nullopt;
    if (value == "1y") found = DynamicsRange::year;
    else if (value == "3y") found = DynamicsRange::three_years;
    else if (value == "all") found = DynamicsRange::all;
    else return std::nullopt;
  }
  return found;
}

Result<std::optional<Dynamics>> load_dynamics(const PageEnv& env, DynamicsRange range, const std::vector<Id>& topic_ids,
                                              bool links) {
  auto latest = env.ctx.store().latest_published_period();
  if (!latest) return latest.error();
  if (!latest->has_value()) return std::optional<Dynamics>();
  const Period last = **latest;
  CommentaryFilter filter;
  filter.to = last;
  filter.newest_first = false;
  filter.marker_texts = links;
  if (topic_ids.size() == 1) filter.topic_id = topic_ids.front();  // a topic page: its rows only
  if (range != DynamicsRange::all)
    filter.from = periods_back(last, range == DynamicsRange::year ? kYearPeriods : kThreeYearPeriods);
  auto markers = env.ctx.store().find_markers(filter);
  if (!markers) return markers.error();
  Period first = filter.from.value_or(last);
  if (range == DynamicsRange::all) {
    // Every week from the site's first published one, whichever topic it was.
    CommentaryFilter earliest;
    earliest.to = last;
    earliest.newest_first = false;
    earliest.limit = 1;
    earliest.marker_texts = false;
    if (filter.topic_id) {
      auto first_row = env.ctx.store().find_markers(earliest);
      if (!first_row) return first_row.error();
      if (!first_row->empty()) first = std::min(first, first_row->front().period);
    } else {
      for (const auto& m : *markers) first = std::min(first, m.period);
    }
  }
  return std::optional<Dynamics>(compute_dynamics(topic_ids, first, last, *markers));
}

Result<Dynamics> load_recent(const PageEnv& env, const Period& last, int count) {
  CommentaryFilter filter;
  filter.from = periods_back(last, count);
  filter.to = last;
  filter.newest_first = false;
  auto markers = env.ctx.store().find_markers(filter);
  if (!markers) return markers.error();
  return compute_dynamics(all_topic_ids(env), *filter.from, last, *markers);
}

std::string range_name(const PageEnv& env, DynamicsRange range) {
  return env.msg("dynamics.range_" + std::string(to_string(range)));
}

std::string span_text(const PageEnv& env, const Dynamics& d) {
  if (d.periods.empty()) return {};
  return format_date_range(d.periods.front().start(), d.periods.back().end(), env.icu(), DateStyle::short_);
}

View strip_view(const PageEnv& env, const Topic& topic, const Dynamics& d, std::size_t row, const std::string& id) {
  View v = View::object();
  v["id"] = id;
  v["caption"] = env.cat.format("strip.caption", {}, {{"count", static_cast<long long>(d.periods.size())}});
  v["cells"] = View::list();
  if (row >= d.topics.size()) return v;
  const std::string name = topic_name(env, topic);
  const TopicDynamics& t = d.topics[row];
  std::map<std::string, std::string> words;  // the state words, formatted once per strip
  auto message = [&](const std::string& key) -> const std::string& {
    auto it = words.find(key);
    if (it == words.end()) it = words.emplace(key, env.msg(key)).first;
    return it->second;
  };
  for (std::size_t i = 0; i < d.periods.size(); ++i) {
    const auto& cell = t.cells[i];
    const std::optional<Assessment> a = cell ? std::optional(cell->assessment) : std::nullopt;
    View c = View::object();
    c["assessment"] = state_key(a);
    c["icon"] = icon(a);
    std::string label = env.cat.format(
        "strip.cell", {{"topic", name}, {"range", short_range(env, d.periods[i])}, {"state", message("strip." + state_key(a))}});
    if (cell && cell->outlook != Outlook::none) {
      label += ". " + message("outlook." + std::string(to_string(cell->outlook)));
      c["outlook"] = std::string(to_string(cell->outlook));
    }
    c["label"] = label;
    // The commentary's own page: in this language, else the first site language that has it.
    std::string href = cell ? marker_path(env, topic, *cell) : std::string();
    c["href"] = href.empty() ? View() : View(std::move(href));
    v["cells"].push(std::move(c));
  }
  return v;
}

View index_chart_view(const PageEnv& env, const Dynamics& d, const std::vector<std::size_t>& rows, const std::string& id) {
  render::IndexChart chart;
  chart.id = id;
  chart.periods = d.periods.size();
  chart.ticks = ticks(env, d.periods);
  View legend = View::list();
  std::string names;
  for (std::size_t row : rows) {
    if (row >= d.topics.size()) continue;
    const TopicDynamics& t = d.topics[row];
    const Topic* topic = topic_of(env, t);
    if (!topic) continue;
    render::IndexSeries s;
    s.label = topic_name(env, *topic);
    s.values = t.index;
    s.style = style_of(env, t.topic_id);
    for (const auto& cell : t.cells) s.outlooks.push_back(cell ? cell->outlook : Outlook::none);
    names += (names.empty() ? "" : ", ") + s.label + " " + signed_number(t.index.empty() ? 0 : t.index.back());
    legend.push(View(View::Object{{"name", View(s.label)}, {"style", View(std::to_string(s.style))}}));
    chart.series.push_back(std::move(s));
  }
  const std::string span = span_text(env, d);
  chart.title = env.cat.format("dynamics.index_title", {{"range", span}});
  chart.description = env.cat.format("dynamics.index_desc", {{"topics", names}});
  View v = View::object();
  v["svg_html"] = render::index_chart_svg(chart);
  v["legend"] = std::move(legend);
  return v;
}

View matrix_view(const PageEnv& env, const Dynamics& d, const std::string& id) {
  render::MatrixChart chart;
  chart.id = id;
  chart.periods = d.periods.size();
  chart.title = env.cat.format("dynamics.matrix_title", {{"range", span_text(env, d)}});
  chart.description = env.msg("dynamics.matrix_desc");
  // Year ticks whatever the length: the matrix is read by columns of years.
  for (std::size_t i = 0; i < d.periods.size(); ++i)
    if (i == 0 || d.periods[i].week() == 1) chart.ticks.push_back({i, std::to_string(d.periods[i].iso_year())});
  const bool tooltips = d.periods.size() <= kMaxTooltipCells;
  for (const TopicDynamics& t : d.topics) {
    const Topic* topic = topic_of(env, t);
    if (!topic) continue;
    render::MatrixRow row;
    row.label = topic_name(env, *topic);
    for (std::size_t i = 0; i < d.periods.size(); ++i) {
      const auto& cell = t.cells[i];
      const std::optional<Assessment> a = cell ? std::optional(cell->assessment) : std::nullopt;
      row.cells.push_back(a);
      if (tooltips)
        row.titles.push_back(env.cat.format("strip.cell", {{"topic", row.label},
                                                           {"range", short_range(env, d.periods[i])},
                                                           {"state", env.msg("strip." + state_key(a))}}));
    }
    chart.rows.push_back(std::move(row));
  }
  View v = View::object();
  v["svg_html"] = render::matrix_svg(chart);
  return v;
}

View summary_view(const PageEnv& env, const Dynamics& d) {
  View list = View::list();
  for (const TopicDynamics& t : d.topics) {
    const Topic* topic = topic_of(env, t);
    if (!topic) continue;
    View r = View::object();
    r["name"] = topic_name(env, *topic);
    r["href"] = topic_path(env.lang(), *topic);
    r["better"] = std::to_string(t.counts.better);
    r["worse"] = std::to_string(t.counts.worse);
    r["unchanged"] = std::to_string(t.counts.unchanged);
    r["missing"] = std::to_string(t.counts.missing);
    r["longest_worse"] = run_text(env, t.longest_of(Assessment::worse));
    r["longest_better"] = run_text(env, t.longest_of(Assessment::better));
    if (t.current) {
      r["current"] = env.cat.format("dynamics.current_" + std::string(to_string(t.current->assessment)), {},
                                    {{"count", t.current->length}});
      r["current_assessment"] = std::string(to_string(t.current->assessment));
      r["current_icon"] = icon(t.current->assessment);
    } else {
      r["current"] = env.msg("dynamics.no_run");
      r["current_assessment"] = "none";
      r["current_icon"] = icon(std::nullopt);
    }
    r["index"] = signed_number(t.index.empty() ? 0 : t.index.back());
    list.push(std::move(r));
  }
  return list;
}

View years_view(const PageEnv& env, const Dynamics& d) {
  std::vector<int> years;
  for (const auto& p : d.periods)
    if (years.empty() || years.back() != p.iso_year()) years.push_back(p.iso_year());
  View list = View::list();
  for (auto y = years.rbegin(); y != years.rend(); ++y) {
    View year = View::object();
    year["year"] = std::to_string(*y);
    year["rows"] = View::list();
    bool first = true;
    for (const TopicDynamics& t : d.topics) {
      const Topic* topic = topic_of(env, t);
      auto counts = t.by_year.find(*y);
      if (!topic || counts == t.by_year.end()) continue;
      View r = View::object();
      r["first"] = first;
      r["name"] = topic_name(env, *topic);
      r["better"] = std::to_string(counts->second.better);
      r["worse"] = std::to_string(counts->second.worse);
      r["unchanged"] = std::to_string(counts->second.unchanged);
      r["missing"] = std::to_string(counts->second.missing);
      year["rows"].push(std::move(r));
      first = false;
    }
    year["span"] = std::to_string(year["rows"].as_list().size());
    list.push(std::move(year));
  }
  return list;
}

View weeks_table_view(const PageEnv& env, const Dynamics& d) {
  // The same few words in thousands of cells: formatted once per page, not once per cell.
  std::map<std::string, View> words;
  auto message = [&](const std::string& key) -> const View& {
    auto it = words.find(key);
    if (it == words.end()) it = words.emplace(key, View(env.msg(key))).first;
    return it->second;
  };
  std::map<int, View> index_values;
  auto index_value = [&](int value) -> const View& {
    auto it = index_values.find(value);
    if (it == index_values.end())
      it = index_values.emplace(value, View(env.cat.format("dynamics.index_value", {{"value", signed_number(value)}}))).first;
    return it->second;
  };
  View v = View::object();
  v["topics"] = View::list();
  for (const TopicDynamics& t : d.topics)
    if (const Topic* topic = topic_of(env, t)) v["topics"].push(View(topic_name(env, *topic)));
  v["weeks"] = View::list();
  for (std::size_t k = d.periods.size(); k-- > 0;) {
    View w = View::object();
    w["range"] = short_range(env, d.periods[k]);
    w["href"] = period_path(env.lang(), d.periods[k]);
    w["cells"] = View::list();
    for (const TopicDynamics& t : d.topics) {
      if (!topic_of(env, t)) continue;
      const auto& cell = t.cells[k];
      const std::optional<Assessment> a = cell ? std::optional(cell->assessment) : std::nullopt;
      View c = View::object();
      c["assessment"] = state_key(a);
      c["icon"] = icon(a);
      c["words"] = message("dynamics.short_" + state_key(a));
      c["outlook_words"] = cell && cell->outlook != Outlook::none
                               ? message("outlook." + std::string(to_string(cell->outlook)))
                               : View();
      c["index"] = index_value(t.index[k]);
      w["cells"].push(std::move(c));
    }
    v["weeks"].push(std::move(w));
  }
  return v;
}

}  // namespace barometer::web::views
