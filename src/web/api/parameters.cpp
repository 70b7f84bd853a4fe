#include "web/api/parameters.hpp"

#include <algorithm>
#include <charconv>

#include "web/api/cursor.hpp"

namespace barometer::web::api {

ApiError bad_parameter(std::string parameter, std::string message, std::string code) {
  return ApiError{400, std::move(code), std::move(message), std::move(parameter)};
}

std::optional<ApiError> accept_only(const QueryParams& query, std::initializer_list<std::string_view> allowed) {
  for (std::size_t i = 0; i < query.size(); ++i) {
    const std::string& name = query[i].first;
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
      return bad_parameter(name, "this endpoint takes no parameter of that name", "unknown_parameter");
    for (std::size_t j = 0; j < i; ++j)
      if (query[j].first == name) return bad_parameter(name, "given more than once");
  }
  return std::nullopt;
}

Checked<int> page_limit(const QueryParams& query, int default_limit, int max_limit) {
  auto text = query_value(query, "limit");
  if (!text) return default_limit;
  int value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < 1 || value > max_limit)
    return bad_parameter("limit", "must be a whole number from 1 to " + std::to_string(max_limit));
  return value;
}

Checked<std::optional<std::string>> cursor_key(const QueryParams& query, std::string_view collection,
                                              bool limit_in_fingerprint) {
  auto token = query_value(query, "cursor");
  if (!token) return std::optional<std::string>{};
  auto key = decode_cursor(*token, collection, filter_fingerprint(query, limit_in_fingerprint));
  if (!key)
    return bad_parameter("cursor",
                         "not a cursor of this list: use the next link of the previous page unchanged, with the "
                         "same filters",
                         "invalid_cursor");
  return std::optional<std::string>{std::move(*key)};
}

namespace {

Checked<std::optional<Period>> week(const QueryParams& query, const char* name) {
  auto text = query_value(query, name);
  if (!text) return std::optional<Period>{};
  auto period = Period::parse(*text);
  if (!period) return bad_parameter(name, "must be an ISO week such as 2022-W09");
  return std::optional<Period>{*period};
}

}  // namespace

Checked<ContentFilters> content_filters(const QueryParams& query, const Catalog& catalog, bool lang_may_be_all) {
  ContentFilters f;
  if (auto slug = query_value(query, "topic")) {
    const Topic* topic = catalog.topic(*slug);
    if (!topic) return bad_parameter("topic", "no topic has this slug (see /api/v1/topics)");
    f.topic_id = topic->id;
  }
  if (auto slug = query_value(query, "author")) {
    const Author* author = catalog.author(*slug);
    if (!author) return bad_parameter("author", "no author has this slug (see /api/v1/authors)");
    f.author_id = author->id;
  }
  for (auto [name, target] : {std::pair{"from", &f.from}, std::pair{"to", &f.to}}) {
    auto parsed = week(query, name);
    if (auto* e = failure(parsed)) return *e;
    *target = std::get<std::optional<Period>>(parsed);
  }
  if (f.from && f.to && *f.from > *f.to) return bad_parameter("from", "must not be a later week than to");
  if (auto text = query_value(query, "assessment")) {
    f.assessment = parse_assessment(*text);
    if (!f.assessment) return bad_parameter("assessment", "must be worse, better or unchanged");
  }
  if (auto text = query_value(query, "outlook")) {
    if (*text != "risk" && *text != "opportunity") return bad_parameter("outlook", "must be risk or opportunity");
    f.outlook = parse_outlook(*text);
  }
  if (auto text = query_value(query, "lang")) {
    if (lang_may_be_all && *text == "all") return f;
    if (!catalog.site.language(*text)) return bad_parameter("lang", "not a language of this site");
    f.lang = *text;
  }
  return f;
}

Checked<FieldSelection> field_selection(const QueryParams& query) {
  FieldSelection selection;
  auto text = query_value(query, "fields");
  if (!text) return selection;
  selection.all = false;
  std::string_view rest = *text;
  while (true) {
    const auto comma = rest.find(',');
    const std::string_view name = rest.substr(0, comma);
    const auto& known = commentary_field_names();
    if (std::find(known.begin(), known.end(), name) == known.end())
      return bad_parameter("fields", "a comma-separated list of: topic, period, assessment, outlook, authors, "
                                     "published_at, evidence, translations, title, lead, body, slug, url");
    selection.names.emplace(name);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return selection;
}

std::optional<Id> parse_id(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  Id id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id < 1) return std::nullopt;
  return id;
}

std::string next_url(const std::string& base_url, const std::string& path, const QueryParams& query,
                     const std::string& token) {
  std::string url = base_url + path + "?";
  for (const auto& [name, value] : query)
    if (name != "cursor") url += percent_encode(name) + "=" + percent_encode(value) + "&";
  return url + "cursor=" + token;
}

}  // namespace barometer::web::api
