#include "web/api/resources.hpp"

#include <algorithm>

#include "services/search/site_search.hpp"
#include "web/api/cursor.hpp"
#include "web/api/parameters.hpp"

namespace barometer::web::api {
namespace {

Response not_found(std::string what) { return error_response(ApiError{404, "not_found", std::move(what), ""}); }

// {"data": items, "next": url | null} (+ extra members), with a Link header while there is more.
Response list_response(const ApiCall& call, Json items, const std::optional<std::string>& next_token,
                       Json extra = Json::object()) {
  Json body = {{"data", std::move(items)}};
  std::string next;
  if (next_token) next = next_url(call.catalog.base_url, call.path, call.query, *next_token);
  body["next"] = next.empty() ? Json(nullptr) : Json(next);
  for (auto& [key, value] : extra.items()) body[key] = value;
  Response r = json_response(200, body, call.options.cache_control);
  if (!next.empty()) r.set_header("Link", "<" + next + ">; rel=\"next\"");
  return r;
}

// Topics and authors: few, but paged like the rest so that a client has one way to read a list.
// By id (never changes, unlike a topic's position or an author's slug).
template <class Item>
Response by_id_list(const ApiCall& call, const char* collection, std::vector<Item> items,
                    Json (*render)(const Catalog&, const Item&)) {
  if (auto e = accept_only(call.query, {"limit", "cursor"})) return error_response(*e);
  auto limit = page_limit(call.query, call.options.default_limit, call.options.max_limit);
  if (auto* e = failure(limit)) return error_response(*e);
  auto key = cursor_key(call.query, collection);
  if (auto* e = failure(key)) return error_response(*e);
  Id after = 0;
  if (const auto& k = std::get<std::optional<std::string>>(key)) {
    auto id = parse_id(*k);
    if (!id) return error_response(bad_parameter("cursor", "not a cursor of this list", "invalid_cursor"));
    after = *id;
  }
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.id < b.id; });
  Json data = Json::array();
  std::optional<std::string> next;
  const int n = std::get<int>(limit);
  for (const Item& item : items) {
    if (item.id <= after) continue;
    if (static_cast<int>(data.size()) == n) {
      next = encode_cursor(collection, filter_fingerprint(call.query), std::to_string(data.back()["id"].get<Id>()));
      break;
    }
    data.push_back(render(call.catalog, item));
  }
  return list_response(call, std::move(data), next);
}

}  // namespace

Response unavailable_response() {
  Response r = error_response(ApiError{503, "unavailable", "the database did not answer; try again shortly", ""});
  r.set_header("Retry-After", "30");
  return r;
}

Response api_index(const ApiCall& call) {
  if (auto e = accept_only(call.query, {})) return error_response(*e);
  const std::string base = call.catalog.base_url + "/api/v1/";
  Json name = Json::object(), languages = Json::array();
  for (const Language& l : call.catalog.site.languages) {
    if (auto it = call.catalog.site.name.find(l.code); it != call.catalog.site.name.end()) name[l.code] = it->second;
    languages.push_back({{"code", l.code}, {"name", l.name}});
  }
  Json links = Json::object();
  for (const char* what : {"topics", "periods", "commentaries", "authors", "search", "openapi.json"})
    links[std::string(what) == "openapi.json" ? "openapi" : what] = base + what;
  return json_response(200,
                       Json{{"version", "v1"},
                            {"site", {{"name", name}, {"url", call.catalog.base_url}, {"languages", languages}}},
                            {"links", links}},
                       call.options.cache_control);
}

Response topic_list(const ApiCall& call) { return by_id_list(call, "topics", call.catalog.topics, &topic_json); }

Response topic_one(const ApiCall& call) {
  if (auto e = accept_only(call.query, {})) return error_response(*e);
  const Topic* topic = call.catalog.topic(call.params.get("slug"));
  if (!topic) return not_found("no topic has this slug");
  return json_response(200, Json{{"data", topic_json(call.catalog, *topic)}}, call.options.cache_control);
}

Response author_list(const ApiCall& call) { return by_id_list(call, "authors", call.catalog.authors, &author_json); }

// Newest week first; keyset on the week itself (a week is a week forever), so a commentary
// published for a new week between two pages adds a week before the cursor, never shifts one.
Response period_list(const ApiCall& call) {
  if (auto e = accept_only(call.query, {"limit", "cursor", "from", "to"})) return error_response(*e);
  auto limit = page_limit(call.query, call.options.default_limit, call.options.max_limit);
  if (auto* e = failure(limit)) return error_response(*e);
  auto filters = content_filters(call.query, call.catalog, false);
  if (auto* e = failure(filters)) return error_response(*e);
  auto key = cursor_key(call.query, "periods");
  if (auto* e = failure(key)) return error_response(*e);
  const ContentFilters& f = std::get<ContentFilters>(filters);
  CommentaryFilter filter;
  filter.from = f.from;
  filter.to = f.to;
  if (const auto& k = std::get<std::optional<std::string>>(key)) {
    auto period = Period::parse(*k);
    if (!period) return error_response(bad_parameter("cursor", "not a cursor of this list", "invalid_cursor"));
    filter.before = *period;
  }
  auto markers = call.store.find_markers(filter);  // newest week first, topics by position
  if (!markers) return unavailable_response();
  const int n = std::get<int>(limit);
  Json data = Json::array();
  std::optional<std::string> next;
  for (auto it = markers->begin(); it != markers->end();) {
    auto end = std::find_if(it, markers->end(), [&](const Marker& m) { return m.period != it->period; });
    if (static_cast<int>(data.size()) == n) {
      next = encode_cursor("periods", filter_fingerprint(call.query), std::prev(it)->period.id());
      break;
    }
    data.push_back(period_json(call.catalog, it->period, std::vector<Marker>(it, end)));
    it = end;
  }
  return list_response(call, std::move(data), next);
}

Response period_one(const ApiCall& call) {
  if (auto e = accept_only(call.query, {})) return error_response(*e);
  auto period = Period::parse(call.params.get("period"));
  if (!period) return error_response(bad_parameter("period", "must be an ISO week such as 2022-W09"));
  CommentaryFilter filter;
  filter.period = *period;
  auto markers = call.store.find_markers(filter);
  if (!markers) return unavailable_response();
  if (markers->empty()) return not_found("nothing is published for this week");
  return json_response(200, Json{{"data", period_json(call.catalog, *period, *markers)}}, call.options.cache_control);
}

// Newest first by id: the keyset is the id, which never changes (a commentary's week, topic and
// publish time can), so a commentary published between two pages comes before the cursor (it
// has a higher id) or was already due after it: none is skipped or repeated.
Response commentary_list(const ApiCall& call) {
  if (auto e = accept_only(call.query, {"limit", "cursor", "topic", "author", "from", "to", "assessment", "outlook",
                                        "lang", "fields"}))
    return error_response(*e);
  auto limit = page_limit(call.query, call.options.default_limit, call.options.max_limit);
  if (auto* e = failure(limit)) return error_response(*e);
  auto filters = content_filters(call.query, call.catalog, false);
  if (auto* e = failure(filters)) return error_response(*e);
  auto fields = field_selection(call.query);
  if (auto* e = failure(fields)) return error_response(*e);
  auto key = cursor_key(call.query, "commentaries");
  if (auto* e = failure(key)) return error_response(*e);
  const ContentFilters& f = std::get<ContentFilters>(filters);
  CommentaryFilter filter;
  filter.topic_id = f.topic_id;
  filter.author_id = f.author_id;
  filter.from = f.from;
  filter.to = f.to;
  filter.assessment = f.assessment;
  filter.outlook = f.outlook;
  filter.lang = f.lang;
  filter.by_id_descending = true;
  if (const auto& k = std::get<std::optional<std::string>>(key)) {
    auto id = parse_id(*k);
    if (!id) return error_response(bad_parameter("cursor", "not a cursor of this list", "invalid_cursor"));
    filter.below_id = *id;
  }
  const int n = std::get<int>(limit);
  filter.limit = n + 1;  // one more than asked: whether there is a next page
  auto rows = call.store.find_commentaries(filter);
  if (!rows) return unavailable_response();
  const FieldSelection& selection = std::get<FieldSelection>(fields);
  Json data = Json::array();
  std::optional<std::string> next;
  for (const Commentary& c : *rows) {
    if (static_cast<int>(data.size()) == n) {
      next = encode_cursor("commentaries", filter_fingerprint(call.query), std::to_string(data.back()["id"].get<Id>()));
      break;
    }
    data.push_back(commentary_json(call.catalog, c, selection, f.lang));
  }
  Json extra = Json::object();
  if (!selection.all) extra["fields"] = Json(std::vector<std::string>(selection.names.begin(), selection.names.end()));
  return list_response(call, std::move(data), next, std::move(extra));
}

Response commentary_one(const ApiCall& call) {
  if (auto e = accept_only(call.query, {"lang", "fields"})) return error_response(*e);
  auto id = parse_id(call.params.get("id"));
  if (!id) return error_response(bad_parameter("id", "must be a commentary id, a positive whole number"));
  auto filters = content_filters(call.query, call.catalog, false);
  if (auto* e = failure(filters)) return error_response(*e);
  auto fields = field_selection(call.query);
  if (auto* e = failure(fields)) return error_response(*e);
  auto c = call.store.get_commentary(*id);
  if (!c && c.code() != ErrorCode::not_found) return unavailable_response();
  // A draft is as absent as a commentary that never was: its existence is not public either.
  if (!c || c->status != CommentaryStatus::published) return not_found("no published commentary has this id");
  const FieldSelection& selection = std::get<FieldSelection>(fields);
  Json body = {{"data", commentary_json(call.catalog, *c, selection, std::get<ContentFilters>(filters).lang)}};
  if (!selection.all) body["fields"] = Json(std::vector<std::string>(selection.names.begin(), selection.names.end()));
  return json_response(200, body, call.options.cache_control);
}

// Best match first (newest week first without words): a ranking, which no immutable key follows,
// so this cursor is a page number; a publish between pages can shift results by a place (decision
// 0021 says so). The limit is part of the cursor's fingerprint: pages of another size do not line up.
Response search_list(const ApiCall& call) {
  if (!call.search) return not_found("search is not enabled on this site");
  if (auto e = accept_only(call.query, {"q", "limit", "cursor", "topic", "author", "from", "to", "assessment",
                                        "outlook", "lang"}))
    return error_response(*e);
  auto limit = page_limit(call.query, call.options.default_limit, std::min(call.options.max_limit, kMaxSearchLimit));
  if (auto* e = failure(limit)) return error_response(*e);
  auto filters = content_filters(call.query, call.catalog, true);
  if (auto* e = failure(filters)) return error_response(*e);
  auto key = cursor_key(call.query, "search", true);
  if (auto* e = failure(key)) return error_response(*e);
  site_search::SearchInput in;
  in.q = query_value(call.query, "q").value_or("");
  if (const auto& k = std::get<std::optional<std::string>>(key)) {
    auto page = parse_id(*k);
    if (!page || *page < 2 || *page > 1'000'000)
      return error_response(bad_parameter("cursor", "not a cursor of this list", "invalid_cursor"));
    in.page = static_cast<int>(*page);
  }
  const ContentFilters& f = std::get<ContentFilters>(filters);
  in.filters.lang = f.lang;
  in.filters.topic_id = f.topic_id;
  in.filters.author_id = f.author_id;
  in.filters.assessment = f.assessment;
  in.filters.outlook = f.outlook;
  in.filters.from = f.from;
  in.filters.to = f.to;
  const site_search::SiteSearch search(*call.search, std::get<int>(limit));
  auto outcome = search.run(in);
  if (!outcome) {
    if (outcome.code() == ErrorCode::invalid) return error_response(bad_parameter("q", outcome.error().message));
    return unavailable_response();
  }
  Json data = Json::array();
  for (const auto& line : outcome->lines) data.push_back(search_hit_json(call.catalog, line));
  std::optional<std::string> next;
  if (outcome->page < outcome->pages)
    next = encode_cursor("search", filter_fingerprint(call.query, true), std::to_string(outcome->page + 1));
  return list_response(call, std::move(data), next,
                       Json{{"total", outcome->total}, {"query_truncated", outcome->truncated},
                            {"query_ignored", outcome->needs_word}});
}

}  // namespace barometer::web::api
