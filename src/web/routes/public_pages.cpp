#include "web/routes/public_pages.hpp"

#include <algorithm>

#include "i18n/date_format.hpp"
#include "render/markdown.hpp"
#include "web/routes/dynamics_pages.hpp"
#include "web/views/dynamics_views.hpp"
#include "web/views/page_views.hpp"

namespace barometer::web::routes {

using render::View;
using views::PageMeta;

namespace {

constexpr std::size_t kMaxPageDigits = 9;  // keeps N * page_size far from int overflow

// The error for a failed store call: unavailable/io are 503, anything else 404.
Response store_error(const PageEnv& env, const Error& error) {
  return error_page(env, error.code == ErrorCode::not_found || error.code == ErrorCode::invalid ? 404 : 503);
}

std::string subject(const PageEnv& env) {
  auto it = env.snap.site.subject.find(env.lang());
  return it != env.snap.site.subject.end() ? it->second : std::string();
}

// Cards of every published commentary of `period`, in topic order, with strips if asked.
Result<View> cards(const PageEnv& env, const Period& period, bool with_strips) {
  CommentaryFilter filter;
  filter.period = period;
  auto found = env.ctx.store().find_markers(filter);  // a card needs titles and leads, not bodies
  if (!found) return found.error();
  std::vector<const Marker*> ordered;
  for (const auto& c : *found) ordered.push_back(&c);
  std::stable_sort(ordered.begin(), ordered.end(), [&](const Marker* a, const Marker* b) {
    const Topic* ta = env.snap.topic(a->topic_id);
    const Topic* tb = env.snap.topic(b->topic_id);
    return (ta ? ta->position : 0) < (tb ? tb->position : 0);
  });
  // One query for every strip: the last strip_length periods of all topics.
  std::optional<Dynamics> recent;
  if (with_strips && env.ctx.options().strip_length > 0) {
    auto loaded = views::load_recent(env, period, env.ctx.options().strip_length);
    if (!loaded) return loaded.error();
    recent = std::move(*loaded);
  }
  View list = View::list();
  for (const Marker* c : ordered) {
    const Topic* topic = env.snap.topic(c->topic_id);
    if (!topic) continue;
    std::optional<View> strip;
    if (recent)
      for (std::size_t row = 0; row < recent->topics.size(); ++row)
        if (recent->topics[row].topic_id == topic->id) strip = views::strip_view(env, *topic, *recent, row, topic->slug);
    list.push(views::card_view(env, *c, *topic, std::move(strip)));
  }
  return list;
}

// A paginated list page (topic or author archive). Fills view[key] entries + pagination, or
// returns the error response.
std::optional<Response> paginate(const PageEnv& env, const QueryParams& query, CommentaryFilter filter,
                                 const std::string& base_path, bool with_topic, View& list, View& pagination,
                                 int& total, PageMeta& meta) {
  auto page = parse_page_number(query);
  if (!page) return error_page(env, 400);
  auto count = env.ctx.store().count_commentaries(filter);
  if (!count) return store_error(env, count.error());
  total = *count;
  const int size = env.ctx.options().page_size;
  const int pages = std::max(1, (total + size - 1) / size);
  if (*page > pages) return error_page(env, 404);
  filter.offset = (*page - 1) * size;
  filter.limit = size;
  auto rows = env.ctx.store().find_markers(filter);  // entries need titles and leads, not bodies
  if (!rows) return store_error(env, rows.error());
  list = View::list();
  for (const auto& c : *rows) list.push(views::entry_view(env, c, with_topic));
  pagination = views::pagination_view(env, base_path, *page, pages);
  if (*page > 1) meta.prev_path = *page == 2 ? base_path : base_path + "?page=" + std::to_string(*page - 1);
  if (*page < pages) meta.next_path = base_path + "?page=" + std::to_string(*page + 1);
  if (*page > 1) meta.path += "?page=" + std::to_string(*page);
  return std::nullopt;
}

}  // namespace

std::optional<int> parse_page_number(const QueryParams& query) {
  auto value = query_value(query, "page");
  if (!value) return 1;
  if (value->empty() || value->size() > kMaxPageDigits) return std::nullopt;
  if (!std::all_of(value->begin(), value->end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  const int n = std::stoi(*value);
  if (n < 1) return std::nullopt;
  return n;
}

Response html_response(const PageEnv& env, std::string_view template_name, const View& view, int status) {
  auto ui = env.snap.ui.find(env.lang());
  auto html = env.ctx.theme().render(template_name, view, ui == env.snap.ui.end() ? nullptr : &ui->second);
  Response response;
  response.status = status;
  response.set_header("Content-Type", "text/html; charset=utf-8");
  response.set_header("Content-Language", env.lang());
  if (!html) {
    // A template bug: say so plainly without internals.
    response.status = 500;
    response.set_header("Content-Type", "text/plain; charset=utf-8");
    response.set_body("internal error\n");
    return response;
  }
  response.set_header("Cache-Control", status == 200 ? env.ctx.options().page_cache_control : "no-cache");
  response.set_body(std::move(*html));
  return response;
}

Response error_page(const PageEnv& env, int status) {
  const std::string kind = status == 400 ? "bad_request" : status == 405 ? "method" : "not_found";
  PageMeta meta;
  meta.title = env.msg("error." + kind + "_title");
  meta.description = env.msg("error." + kind + "_text");
  meta.path = views::home_path(env.lang());
  View v = views::page_frame(env, meta);
  v["error"]["status"] = std::to_string(status);
  v["error"]["title"] = meta.title;
  v["error"]["text"] = meta.description;
  return html_response(env, "error", v, status);
}

Response home_page(const PageEnv& env) {
  auto latest = env.ctx.store().latest_published_period();
  if (!latest) return store_error(env, latest.error());
  PageMeta meta;
  meta.title = env.cat.format("home.title", {{"subject", subject(env)}});
  meta.description = env.cat.format("meta.home_description", {{"subject", subject(env)}});
  meta.path = views::home_path(env.lang());
  meta.nav_current = "home";
  meta.full_title_is_site = true;
  for (const auto& language : env.snap.site.languages) meta.translations[language.code] = views::home_path(language.code);
  View v = views::page_frame(env, meta);
  v["home"]["heading"] = meta.title;
  v["home"]["period"] = View();
  if (latest->has_value()) {
    auto list = cards(env, **latest, true);
    if (!list) return store_error(env, list.error());
    v["home"]["period"] = views::period_view(env, **latest);
    v["home"]["cards"] = std::move(*list);
  }
  return html_response(env, "home", v);
}

namespace {

Response period_page(const PageEnv& env, const Period& period) {
  auto list = cards(env, period, false);
  if (!list) return store_error(env, list.error());
  if (list->as_list().empty()) return error_page(env, 404);
  const std::string range = format_date_range(period.start(), period.end(), env.icu());
  PageMeta meta;
  meta.title = range;
  meta.description = env.cat.format("meta.period_description", {{"subject", subject(env)}, {"range", range}});
  meta.path = views::period_path(env.lang(), period);
  for (const auto& language : env.snap.site.languages)
    meta.translations[language.code] = views::period_path(language.code, period);
  View v = views::page_frame(env, meta);
  View& p = v["period"];
  p["heading"] = env.cat.format("period.heading", {{"subject", subject(env)}});
  p["range"] = range;
  p["cards"] = std::move(*list);
  p["previous"] = View();
  p["next"] = View();
  auto prev = env.ctx.store().adjacent_published_period(period, Direction::previous);
  if (!prev) return store_error(env, prev.error());
  if (prev->has_value()) p["previous"] = views::period_view(env, **prev);
  auto next = env.ctx.store().adjacent_published_period(period, Direction::next);
  if (!next) return store_error(env, next.error());
  if (next->has_value()) p["next"] = views::period_view(env, **next);
  return html_response(env, "period", v);
}

Response static_page(const PageEnv& env, const std::string& slug) {
  auto page = env.ctx.store().find_page(env.lang(), slug);
  if (!page) return store_error(env, page.error());
  auto text = page->text.find(env.lang());
  if (text == page->text.end()) return error_page(env, 404);
  PageMeta meta;
  meta.title = text->second.title;
  meta.description = render::markdown_to_plain_excerpt(text->second.body);
  meta.path = "/" + env.lang() + "/" + percent_encode(text->second.slug) + "/";
  meta.nav_current = "page:" + page->key;
  for (const auto& [code, t] : page->text)
    if (env.snap.site.language(code)) meta.translations[code] = "/" + code + "/" + percent_encode(t.slug) + "/";
  View v = views::page_frame(env, meta);
  v["static_page"]["title"] = text->second.title;
  v["static_page"]["body_html"] = render::markdown_to_html(text->second.body);
  return html_response(env, "page", v);
}

}  // namespace

Response period_or_static_page(const PageEnv& env, const std::string& segment) {
  // "2022-W09": a period. Anything else shaped like a week but invalid (W00, W54) is a 404.
  const bool looks_like_period = segment.size() == 8 && segment[4] == '-' && (segment[5] == 'W' || segment[5] == 'w');
  if (!looks_like_period) return static_page(env, segment);
  auto period = Period::parse(segment);
  if (!period || period->id() != segment) return error_page(env, 404);
  return period_page(env, *period);
}

Response topic_page(const PageEnv& env, const std::string& topic_slug, const QueryParams& query) {
  const Topic* topic = env.snap.topic(topic_slug);
  if (!topic || !topic->text.contains(env.lang())) return error_page(env, 404);
  const TopicText& text = topic->text.at(env.lang());
  PageMeta meta;
  meta.title = text.name;
  meta.description = text.description;
  meta.path = views::topic_path(env.lang(), *topic);
  meta.nav_current = topic->slug;
  meta.feed_topic = topic;
  CommentaryFilter filter;
  filter.topic_id = topic->id;
  View entries, pagination;
  int total = 0;
  const std::string base = meta.path;
  if (auto error = paginate(env, query, filter, base, false, entries, pagination, total, meta)) return *error;
  for (const auto& [code, t] : topic->text) {
    if (!env.snap.site.language(code)) continue;
    std::string path = views::topic_path(code, *topic);
    if (meta.path != base) path += meta.path.substr(base.size());  // same page number
    meta.translations[code] = path;
  }
  View v = views::page_frame(env, meta);
  View& t = v["topic"];
  t["name"] = text.name;
  t["description"] = text.description;
  t["count"] = env.cat.format("topic.count", {}, {{"count", total}});
  t["entries"] = std::move(entries);
  t["dynamics"] = View();
  v["pagination"] = std::move(pagination);
  if (total > 0) {
    auto dynamics = topic_dynamics(env, *topic, query);
    if (!dynamics) return dynamics.code() == ErrorCode::invalid ? error_page(env, 400) : store_error(env, dynamics.error());
    t["dynamics"] = std::move(*dynamics);
  } else if (!views::parse_range(query, views::DynamicsRange::year)) {
    return error_page(env, 400);
  }
  return html_response(env, "topic", v);
}

Response author_page(const PageEnv& env, const std::string& author_slug, const QueryParams& query) {
  const Author* author = env.snap.author(author_slug);
  if (!author || !author->text.contains(env.lang())) return error_page(env, 404);
  const AuthorText& text = author->text.at(env.lang());
  PageMeta meta;
  meta.title = text.name;
  meta.description = text.bio;
  meta.path = views::author_path(env.lang(), *author);
  CommentaryFilter filter;
  filter.author_id = author->id;
  View entries, pagination;
  int total = 0;
  const std::string base = meta.path;
  if (auto error = paginate(env, query, filter, base, true, entries, pagination, total, meta)) return *error;
  for (const auto& [code, t] : author->text) {
    if (!env.snap.site.language(code)) continue;
    std::string path = views::author_path(code, *author);
    if (meta.path != base) path += meta.path.substr(base.size());
    meta.translations[code] = path;
  }
  View v = views::page_frame(env, meta);
  View& a = v["author"];
  a["name"] = text.name;
  a["bio"] = text.bio;
  a["count"] = env.cat.format("author.count", {}, {{"count", total}});
  a["entries"] = std::move(entries);
  v["pagination"] = std::move(pagination);
  return html_response(env, "author", v);
}

}  // namespace barometer::web::routes
